// The tutor's side: the demo tutor opens the dashboard, finds their student on the roster with a
// risk flag that explains itself on hover, follows it to the evidence on the student page (with
// the mastery-over-time chart), and opens the pre-session brief.
import { expect, test } from "@playwright/test";
import { gotoHydrated, shoot, watchForErrors } from "./helpers";

const TUTOR = { email: "tutor@demo.test", password: "study-companion-demo" };


test("a tutor sees a flag on the roster, the student's chart and the brief", async ({ page }) => {
  const errors = watchForErrors(page);
  await gotoHydrated(page, "/login");
  await page.getByLabel("Email").fill(TUTOR.email);
  await page.getByLabel("Password").fill(TUTOR.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  const roster = page.getByRole("list", { name: "My students" });
  const sam = roster.getByTestId("roster-row").filter({ hasText: "Sam Student" });
  await expect(sam).toBeVisible();
  // The seeded reviews are overdue: the flag says why on hover and links to the evidence.
  const flag = sam.getByRole("link", { name: /^Reviews overdue:/ });
  await expect(flag).toHaveAttribute("title", /overdue, the oldest by/);
  await shoot(page, "tutor-roster");
  await flag.click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}#mastery$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sam Student" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mastery over time" })).toBeVisible();
  const chart = page.getByTestId("mastery-chart");
  await expect(chart.getByRole("img").first()).toBeVisible();
  await expect(chart.getByRole("img").first()).toHaveAccessibleName(/mastery \d+% now/);
  await expect(page.getByRole("heading", { name: "Goals" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Practice results" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Sessions" }).getByRole("listitem")).toHaveCount(3);
  await shoot(page, "tutor-student");

  await page.getByRole("link", { name: "Pre-session brief" }).click();
  await expect(page).toHaveURL(/\/students\/[0-9a-f-]{36}\/brief$/);
  const brief = page.getByRole("article", { name: "Pre-session brief" });
  await expect(brief.getByRole("heading", { name: "Sam Student" })).toBeVisible();
  await expect(brief.getByRole("heading", { name: "Suggested focus" })).toBeVisible();
  await expect(brief.getByRole("heading", { name: "Taught recently" })).toBeVisible();
  await expect(brief.getByRole("heading", { name: "Reviews overdue" })).toBeVisible();
  await expect(brief.getByRole("button", { name: "Print" })).toBeVisible();
  await shoot(page, "tutor-brief");
  expect(errors).toEqual([]);
});
