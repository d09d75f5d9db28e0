// Practice: a math transcript comes in, practice appears, the student answers with a hint,
// submits, sees score and explanations, and later sees the concepts due for review.
import { expect, test } from "@playwright/test";
import { gotoHydrated, registerStudent, uploadSession, watchForErrors } from "./helpers";

test("practise with a hint, submit, then review when due", async ({ page }) => {
  const errors = watchForErrors(page);
  await registerStudent(page.request, "practice", "Pat Practice", "practice-journey-pass");
  await uploadSession(page.request);

  // The practice appears on its own.
  await gotoHydrated(page, "/practice");
  const ready = page.getByRole("list", { name: "Ready for you" }).getByRole("link").first();
  await expect(ready).toContainText("ready", { timeout: 30_000 });
  await ready.click();
  await expect(page.getByRole("article")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  // One hint on the first question, then answers for all of them.
  await page.getByRole("button", { name: "Get a hint" }).click();
  await expect(page.getByRole("list", { name: "Hints" })).toContainText("Hint 1:");
  const total = await page.getByRole("button", { name: /^Question \d+$/ }).count();
  expect(total).toBeGreaterThanOrEqual(5);
  for (let i = 0; i < total; i++) {
    const article = page.getByRole("article");
    await expect(article).toHaveAttribute("aria-label", `Question ${i + 1} of ${total}`);
    const radios = article.getByRole("radio");
    if ((await radios.count()) > 0) {
      await radios.first().check();
    } else {
      await article.getByLabel("Your answer").fill("3");
    }
    if (i + 1 < total) await page.getByRole("button", { name: "Next" }).click();
  }
  await page.getByRole("button", { name: "Submit answers" }).click();

  // Score, explanations, mastery changes, and a link back to the lines taught.
  await expect(page.getByTestId("score")).toHaveText(/Score: \d+%/);
  const feedback = page.getByRole("list", { name: "Feedback" }).getByRole("listitem");
  await expect(feedback).toHaveCount(total);
  await expect(feedback.first()).toContainText("Correct answer:");
  await expect(page.getByRole("list", { name: "Mastery changes" })).toContainText("next review");
  await expect(page.getByRole("link", { name: /See where this was taught/ }).first()).toHaveAttribute("href", /\/sessions\/.+\?lines=\d+-\d+/);

  // A reload shows the same results; the practice cannot be taken again.
  await page.reload();
  await expect(page.getByTestId("score")).toHaveText(/Score: \d+%/);
  await expect(page.getByRole("button", { name: "Submit answers" })).toHaveCount(0);

  // Nothing due yet; a month later (test clock) the concepts come back for review.
  await gotoHydrated(page, "/practice");
  await expect(page.getByRole("heading", { name: "Nothing due for review" })).toBeVisible();
  const moved = await page.request.post("/api/test/clock", { data: { days: 40 } });
  expect(moved.status()).toBe(200);
  await gotoHydrated(page, "/practice");
  await expect(page.getByRole("heading", { name: /\d+ concepts? due for review/ })).toBeVisible();
  await gotoHydrated(page, "/dashboard");
  await expect(page.getByTestId("reviews-due")).toContainText("due for review");
  await expect(page.getByRole("img", { name: "Mastery by concept" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Practice scores over time" })).toBeVisible();

  // Start the review.
  await gotoHydrated(page, "/practice");
  await page.getByRole("button", { name: "Start a review" }).click();
  await expect(page).toHaveURL(/\/practice\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
  await expect(page.getByRole("article")).toBeVisible({ timeout: 30_000 });

  expect(errors).toEqual([]);
});
