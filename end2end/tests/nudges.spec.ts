// Nudges: two days on, an admin runs the job from the jobs page and reads what it did. A student
// with no session yet finds the nudge in the bell and its action opens the upload page; a student
// with reviews due finds theirs opening the due review. Nudges can be made weekly, by email too.
import { expect, test, type APIRequestContext } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { gotoHydrated, watchForErrors } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../../server/tests/fixtures/transcripts");

/** Three sessions (a first week on track), then one practice answered all wrong: its concepts
 * come back for review within hours. */
async function practisedStudent(request: APIRequestContext) {
  const tutors = await (await request.get("/api/tutors")).json();
  const transcript = fs.readFileSync(path.join(FIXTURES, "algebra_quadratics.txt"), "utf8");
  for (const day of ["2026-11-18", "2026-11-19", "2026-11-20"]) {
    const upload = await request.post("/api/transcripts/upload", {
      data: {
        tutorId: tutors[0].id,
        sessionDate: `${day}T16:00:00Z`,
        duration: 3600,
        transcript,
        transcriptSource: "manual_upload",
        transcriptFormat: "plain_text",
      },
    });
    expect(upload.status()).toBe(202);
  }
  const me = await (await request.get("/api/auth/me")).json();
  const id = me.id ?? me.user?.id;
  let practiceId: string | undefined;
  await expect(async () => {
    const list = await (await request.get(`/api/practice/student/${id}`)).json();
    practiceId = list.practices.find((p: { status: string }) => p.status === "ready")?.id;
    expect(practiceId).toBeTruthy();
  }).toPass({ timeout: 30_000 });
  const submitted = await request.post(`/api/practice/${practiceId}/submit`, { data: { answers: [] } });
  expect(submitted.status()).toBe(200);
}

const ADMIN = { email: "admin@demo.test", password: "study-companion-demo" };

test("a nudge shows in the bell and its action opens the right page", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  // A name of its own, so the run report's line for this student is unambiguous.
  const name = `Nico Nudge${Date.now() % 100000}`;
  const registered = await page.request.post("/api/auth/register", {
    data: { email: `nudge-${Date.now()}@example.com`, password: "nudge-journey-pass", name },
  });
  expect(registered.status()).toBe(201);
  // Another student practised and has reviews coming due.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  const reviewerErrors = watchForErrors(reviewer);
  const reviewerName = `Rae Review${Date.now() % 100000}`;
  const reviewerSignUp = await reviewer.request.post("/api/auth/register", {
    data: { email: `review-${Date.now()}@example.com`, password: "nudge-journey-pass", name: reviewerName },
  });
  expect(reviewerSignUp.status()).toBe(201);
  await practisedStudent(reviewer.request);
  // Two days later (test clock): the first student has still no session.
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
  await expect(report.getByRole("listitem").filter({ hasText: reviewerName })).toContainText("nudged (reviews_due)");
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

  // The reviewer's nudge opens the due review.
  await gotoHydrated(reviewer, "/dashboard");
  await reviewer.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  const due = reviewer.getByRole("menuitem", { name: /concepts? due for review/ }).filter({ has: reviewer.getByRole("img", { name: "Nudge" }) });
  await expect(due).toBeVisible();
  await due.click();
  await expect(reviewer).toHaveURL(/\/practice$/);
  await expect(reviewer.getByRole("heading", { name: /\d+ concepts? due for review/ })).toBeVisible();
  await reviewer.getByRole("button", { name: "Start a review" }).click();
  await expect(reviewer).toHaveURL(/\/practice\/[0-9a-f-]{36}$/);
  expect(reviewerErrors).toEqual([]);
  await reviewerContext.close();

  expect(errors).toEqual([]);
});
