// Nudges: a student who has not added a session two days after signing up is nudged when an
// admin runs the job from the jobs page; the nudge shows in the bell and its action opens the
// upload page. The student can change how often they are nudged.
import { expect, test } from "@playwright/test";
import { gotoHydrated, watchForErrors } from "./helpers";

const ADMIN = { email: "admin@demo.test", password: "study-companion-demo" };

test("a nudge shows in the bell and its action opens the right page", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  // A name of its own, so the run report's line for this student is unambiguous.
  const name = `Nico Nudge${Date.now() % 100000}`;
  const registered = await page.request.post("/api/auth/register", {
    data: { email: `nudge-${Date.now()}@example.com`, password: "nudge-journey-pass", name },
  });
  expect(registered.status()).toBe(201);
  // Two days later (test clock), still no session.
  const moved = await page.request.post("/api/test/clock", { data: { days: 2 } });
  expect(moved.status()).toBe(200);

  // An admin runs the nudges now from the jobs page and reads what was done.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminErrors = watchForErrors(admin);
  await gotoHydrated(admin, "/login");
  await admin.getByLabel("Email").fill(ADMIN.email);
  await admin.getByLabel("Password").fill(ADMIN.password);
  await admin.getByRole("button", { name: "Log in" }).click();
  await expect(admin).toHaveURL(/\/dashboard$/);
  await gotoHydrated(admin, "/admin/jobs");
  await admin.getByRole("button", { name: "Run send-engagement-nudges now" }).click();
  const report = admin.getByRole("status", { name: "Run report" });
  await expect(report.getByTestId("run-summary")).toContainText(/\d+ students? considered: \d+ nudged/);
  await expect(report).toContainText(name);
  await expect(report.getByRole("listitem").filter({ hasText: name })).toContainText("nudged (no_session)");
  // A second run the same day sends nothing more to anyone.
  await admin.getByRole("button", { name: "Run send-engagement-nudges now" }).click();
  await expect(report.getByTestId("run-summary")).toContainText(": 0 nudged");
  expect(adminErrors).toEqual([]);
  await adminContext.close();

  // The bell shows it, with the nudge's icon; its action opens the upload page.
  await gotoHydrated(page, "/dashboard");
  await expect(page.getByTestId("unread-count")).toBeVisible({ timeout: 10_000 });
  await page.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  const item = page.getByRole("menuitem", { name: /Nico, your first session is waiting/ });
  await expect(item).toBeVisible();
  await expect(item.getByRole("img", { name: "Nudge" })).toBeVisible();
  await item.click();
  await expect(page).toHaveURL(/\/sessions\/new$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // On the notifications page the nudge says why and what to do.
  await gotoHydrated(page, "/notifications");
  const list = page.getByRole("list", { name: "Notifications" });
  await expect(list).toContainText("You joined 2 days ago");
  await expect(list).toContainText("Upload a session →");

  // Fewer nudges: weekly, and by email too.
  await gotoHydrated(page, "/profile");
  const reminders = page.getByRole("region", { name: "Reminders" });
  await reminders.getByLabel(/^Weekly/).check();
  await reminders.getByLabel("Also send nudges by email").check();
  await reminders.getByRole("button", { name: "Save reminders" }).click();
  await expect(reminders.getByRole("status")).toHaveText("Reminders saved.");
  const saved = await (await page.request.get("/api/profile/nudges")).json();
  expect(saved).toEqual({ frequency: "weekly", email: true });

  expect(errors).toEqual([]);
});
