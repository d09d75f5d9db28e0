// A student uploads a transcript file, watches it get analyzed without reloading, opens the
// session, highlights a concept's lines, and sees the bell count go up.
import { expect, test } from "@playwright/test";
import path from "node:path";
import { gotoHydrated, registerStudent, shoot, uploadSession, watchForErrors } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../../server/tests/fixtures/transcripts");

test("upload, live status, concept highlighting and the bell", async ({ page }) => {
  const errors = watchForErrors(page);
  const email = `uploader-${Date.now()}@example.com`;
  const registered = await page.request.post("/api/auth/register", {
    data: { email, password: "upload-journey-pass-1", name: "Jordan Upload" },
  });
  expect(registered.status()).toBe(201);

  await gotoHydrated(page, "/sessions");
  await expect(page.getByText("No sessions yet.")).toBeVisible();
  await expect(page.getByTestId("unread-count")).toHaveCount(0);

  // Upload the file through the form.
  await page.getByRole("link", { name: "Upload a transcript" }).click();
  await expect(page.getByRole("heading", { name: "Upload a transcript" })).toBeVisible();
  await page.getByLabel("Tutor").selectOption({ label: "Taylor Tutor" });
  await page.getByLabel("Date and time").fill("2026-11-20T16:00");
  await page.getByLabel("Length (minutes)").fill("55");
  await page.getByLabel("Transcript file").setInputFiles(path.join(FIXTURES, "algebra_quadratics.txt"));
  await expect(page.getByLabel("…or paste it")).toHaveValue(/Ms\. Rivera:/);
  // A marker that survives only if the page is never reloaded from here on.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await page.getByRole("button", { name: "Upload and analyze" }).click();

  // The session page follows the analysis live.
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("session-status")).toHaveText("analyzed", { timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Tutoring session");

  // And so does the list, without a reload.
  await page.getByRole("link", { name: "← Sessions" }).click();
  const row = page.getByRole("list", { name: "Sessions" }).getByRole("listitem").first();
  await expect(row.getByTestId("session-status")).toHaveText("analyzed");
  await expect(row).toContainText("55 min");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // Open it, click a concept, see its lines highlighted in the transcript.
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Summary" })).toBeVisible();
  const concept = page.getByRole("list", { name: "Concepts" }).getByRole("button").filter({ hasText: "Quadratic formula" });
  await concept.click();
  await expect(concept).toHaveAttribute("aria-pressed", "true");
  const highlighted = page.locator('[data-highlighted="true"]');
  await expect(highlighted.first()).toBeVisible();
  expect(await highlighted.count()).toBeGreaterThan(0);
  await expect(highlighted.first()).toContainText(/quadratic formula/i);
  await expect(page.getByRole("status").filter({ hasText: "Showing where" })).toContainText("Quadratic formula");

  // An action item highlights its own line instead.
  await page.getByRole("list", { name: "Action items" }).getByRole("button").filter({ hasText: /212/ }).click();
  await expect(page.locator('[data-highlighted="true"]')).toHaveCount(1);
  await expect(page.locator('[data-highlighted="true"]')).toContainText(/page 212/);

  // The bell counts the new notifications and lists them.
  await expect(page.getByTestId("unread-count")).toHaveText(/^[1-9]\d*$/, { timeout: 15_000 });
  await page.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  await expect(page.getByRole("menu", { name: "Newest notifications" })).toContainText("Your session on");

  expect(errors).toEqual([]);
});

test("a bad file is refused with the format and line", async ({ page }) => {
  const email = `bad-upload-${Date.now()}@example.com`;
  await page.request.post("/api/auth/register", { data: { email, password: "bad-upload-pass-12", name: "Bad Upload" } });
  await gotoHydrated(page, "/sessions/new");
  await page.getByLabel("Tutor").selectOption({ label: "Taylor Tutor" });
  await page.getByLabel("Date and time").fill("2026-11-20T16:00");
  await page.getByLabel("Transcript file").setInputFiles(path.join(FIXTURES, "malformed/missing_header.vtt"));
  await expect(page.getByLabel("…or paste it")).toHaveValue(/Okafor/);
  await page.getByRole("button", { name: "Upload and analyze" }).click();
  await expect(page.getByRole("alert")).toContainText("WebVTT: line 1");
  await expect(page).toHaveURL(/\/sessions\/new$/);
});

test("an admin analyses a session again from the jobs page", async ({ page, browser }) => {
  // A student's session, analysed once.
  await registerStudent(page.request, "rerun", "Robin Rerun", "rerun-journey-pass-1");
  const sessionId = await uploadSession(page.request);
  let concepts = 0;
  await expect(async () => {
    const detail = await (await page.request.get(`/api/sessions/${sessionId}`)).json();
    expect(detail.status).toBe("analyzed");
    concepts = detail.concepts.length;
  }).toPass({ timeout: 30_000 });

  // The admin pastes the session's link and runs its analysis again.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const errors = watchForErrors(admin);
  await gotoHydrated(admin, "/login");
  await admin.getByLabel("Email").fill("admin@demo.test");
  await admin.getByLabel("Password").fill("study-companion-demo");
  await admin.getByRole("button", { name: "Log in" }).click();
  await expect(admin).toHaveURL(/\/dashboard$/);
  await gotoHydrated(admin, "/admin/jobs");
  await admin.getByLabel("Analyse a session again").fill(`http://127.0.0.1/sessions/${sessionId}`);
  await admin.getByRole("button", { name: "Analyse again" }).click();
  const report = admin.getByRole("status", { name: "Run report" });
  await expect(report.getByTestId("run-summary")).toHaveText(
    `Analysed again with the current engine: ${concepts} concepts (before: ${concepts}).`,
  );
  await expect(report).toContainText(`/sessions/${sessionId}`);
  await shoot(admin, "admin-analyse-again");
  expect(errors).toEqual([]);
  // Something that is no session is refused with a message (the browser logs the 400).
  await admin.getByLabel("Analyse a session again").fill("not a session");
  await admin.getByRole("button", { name: "Analyse again" }).click();
  await expect(admin.getByRole("alert")).toContainText("is not a session's id or link");
  await adminContext.close();
});
