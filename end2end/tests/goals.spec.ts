// Goals: create one, see its progress move after a practice, complete it, the suggestions modal
// fills in live, accept one, and the new goal is there.
import { expect, test } from "@playwright/test";
import { gotoHydrated, registerStudent, uploadSession, watchForErrors } from "./helpers";

test("a goal moves with practice, is completed, and leads to the next one", async ({ page }) => {
  const errors = watchForErrors(page);
  await registerStudent(page.request, "goals", "Gale Goals", "goals-journey-pass");
  await uploadSession(page.request);
  // The session's practice is ready once the analysis has stored its concepts.
  await gotoHydrated(page, "/practice");
  const ready = page.getByRole("list", { name: "Ready for you" }).getByRole("link").first();
  await expect(ready).toContainText("ready", { timeout: 30_000 });

  // Create the goal: its concepts come from the session, its progress from their mastery.
  await gotoHydrated(page, "/goals");
  await page.getByLabel("Subject").fill("Algebra");
  await page.getByLabel("What do you want to achieve?").fill("Quadratics before the midterm");
  await page.getByRole("button", { name: "Add goal" }).click();
  const card = page.getByRole("list", { name: "Goals" }).getByRole("link", { name: /Algebra/ });
  await expect(card).toBeVisible();
  await card.click();
  await expect(page).toHaveURL(/\/goals\/[0-9a-f-]{36}$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("heading", { name: "Algebra", level: 1 })).toBeVisible();
  const goalUrl = page.url();
  const concepts = page.getByRole("list", { name: "Goal concepts" }).getByRole("listitem");
  expect(await concepts.count()).toBeGreaterThanOrEqual(3);
  const before = (await page.getByTestId("goal-progress").textContent())?.trim();
  await page.getByText("How this is computed").click();
  await expect(page.getByTestId("how-computed")).toContainText("Progress is the average over the");

  // Take the practice.
  await gotoHydrated(page, "/practice");
  await page.getByRole("list", { name: "Ready for you" }).getByRole("link").first().click();
  await expect(page.getByRole("article")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const total = await page.getByRole("button", { name: /^Question \d+$/ }).count();
  for (let i = 0; i < total; i++) {
    const article = page.getByRole("article");
    await expect(article).toHaveAttribute("aria-label", `Question ${i + 1} of ${total}`);
    const radios = article.getByRole("radio");
    if ((await radios.count()) > 0) {
      await radios.first().check();
    } else {
      await article.getByLabel("Your answer").fill("2");
    }
    if (i + 1 < total) await page.getByRole("button", { name: "Next" }).click();
  }
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByTestId("score")).toHaveText(/Score: \d+%/);

  // The goal's progress moved, and its history has a second point.
  await gotoHydrated(page, goalUrl);
  const after = (await page.getByTestId("goal-progress").textContent())?.trim();
  expect(after, `progress before ${before}, after ${after}`).not.toBe(before);
  await expect(page.getByRole("img", { name: "Progress over time" }).locator("circle")).toHaveCount(2);

  // Complete it: the modal waits for the suggestions and shows them without a reload.
  await page.getByRole("button", { name: "Complete goal" }).first().click();
  const modal = page.getByRole("dialog", { name: "What to study next" });
  await expect(modal).toBeVisible();
  const suggestions = modal.getByRole("list", { name: "Suggested subjects" }).getByRole("listitem");
  await expect(suggestions.first()).toBeVisible({ timeout: 30_000 });
  expect(await suggestions.count()).toBeGreaterThanOrEqual(3);
  await expect(modal.getByRole("listitem", { name: "Geometry" })).toContainText("Geometry uses your equation solving");
  await expect(page.getByTestId("goal-status")).toHaveText("completed");

  // Accept one: a new goal with its own concepts.
  await modal.getByRole("listitem", { name: "Geometry" }).getByRole("button", { name: "Make it a goal" }).click();
  await expect(page).toHaveURL(/\/goals\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Geometry", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Goal concepts" }).getByRole("listitem").first()).toBeVisible();

  await gotoHydrated(page, "/goals");
  const goals = page.getByRole("list", { name: "Goals" });
  await expect(goals.getByRole("link", { name: /Geometry/ })).toContainText("active");
  await expect(goals.getByRole("link", { name: /Algebra/ })).toContainText("completed");
  // The rest wait on the suggestions page.
  await gotoHydrated(page, "/suggestions");
  await expect(page.getByRole("listitem", { name: "Trigonometry" })).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Geometry" })).toHaveCount(0);

  expect(errors).toEqual([]);
});

test("a goal is edited, paused, resumed and deleted with confirmation", async ({ page }) => {
  const errors = watchForErrors(page);
  await registerStudent(page.request, "goal-edit", "Ed Edit", "goals-journey-pass");
  const created = await page.request.post("/api/goals", { data: { subject: "Chemistry", description: "Unit test" } });
  expect(created.status()).toBe(201);
  const goal = await created.json();

  await gotoHydrated(page, `/goals/${goal.id}`);
  await page.getByRole("button", { name: "Edit" }).click();
  const form = page.getByRole("form", { name: "Edit goal" });
  await form.getByLabel("Subject").fill("AP Chemistry");
  await form.getByLabel("Target date").fill("2030-05-06");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "AP Chemistry", level: 1 })).toBeVisible();
  await expect(page.getByText(/Target date: May 6, 2030/)).toBeVisible();
  await expect(page.getByRole("heading", { name: /^By May 6, 2030/ })).toBeVisible();

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("goal-status")).toHaveText("paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("goal-status")).toHaveText("active");

  // Remove a concept, add it back.
  const first = page.getByRole("list", { name: "Goal concepts" }).getByRole("listitem").first();
  const name = (await first.locator("p").first().textContent())?.split(" ")[0] ?? "";
  const count = await page.getByRole("list", { name: "Goal concepts" }).getByRole("listitem").count();
  await first.getByRole("button", { name: /^Remove / }).click();
  await expect(page.getByRole("list", { name: "Goal concepts" }).getByRole("listitem")).toHaveCount(count - 1);
  expect(name.length).toBeGreaterThan(0);
  await page.getByRole("list", { name: "Concepts to add" }).getByRole("button").first().click();
  await expect(page.getByRole("list", { name: "Goal concepts" }).getByRole("listitem")).toHaveCount(count);

  // Delete asks first; Cancel keeps it, Delete goal removes it.
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete this goal?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog", { name: "Delete this goal?" }).getByRole("button", { name: "Delete goal" }).click();
  await expect(page).toHaveURL(/\/goals$/);
  await expect(page.getByRole("link", { name: /AP Chemistry/ })).toHaveCount(0);

  expect(errors).toEqual([]);
});
