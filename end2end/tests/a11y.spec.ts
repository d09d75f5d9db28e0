// Accessibility: axe-core (WCAG 2.1 A and AA rules) finds nothing on any page, as each role,
// on the demo data; and a student who only uses the keyboard logs in, uploads a transcript and
// takes a practice without ever touching the mouse.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { gotoHydrated, watchForErrors } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../../server/tests/fixtures/transcripts");
const DEMO_PASSWORD = "study-companion-demo";

async function logIn(page: Page, email: string) {
  const response = await page.request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
  expect(response.status(), `log in as ${email}`).toBe(200);
}

/** Every violation axe finds, one line each, so a failure reads as a to-do list. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}): ${node.target.join(" ")} — ${violation.help}\n    ${node.html.slice(0, 160)}\n    ${node.failureSummary ?? ""}`,
    ),
  );
}

async function expectAccessible(page: Page, pagePath: string) {
  await gotoHydrated(page, pagePath);
  expect(await violations(page), `axe on ${pagePath}`).toEqual([]);
}

/** The demo student's first session, practice and goal, for their detail pages. */
async function demoIds(page: Page) {
  const me = await (await page.request.get("/api/auth/me")).json();
  const id = me.id ?? me.user?.id;
  const sessions = await (await page.request.get(`/api/sessions/student/${id}`)).json();
  const practices = await (await page.request.get(`/api/practice/student/${id}`)).json();
  const goals = await (await page.request.get(`/api/goals/student/${id}`)).json();
  const first = (value: unknown): { id: string } => {
    const list = Array.isArray(value) ? value : Object.values(value as object).find(Array.isArray);
    expect(list?.length, "demo data present").toBeGreaterThan(0);
    return list![0];
  };
  return {
    studentId: id as string,
    sessionId: first(sessions).id,
    practiceId: first(practices.practices ?? practices).id,
    goalId: first(goals).id,
  };
}

test("every page a visitor can open passes axe", async ({ page }) => {
  for (const pagePath of ["/", "/login", "/register", "/forgot-password", "/reset-password?token=0", "/no/such/page"]) {
    await expectAccessible(page, pagePath);
  }
});

test("every page the student sees passes axe", async ({ page }) => {
  await logIn(page, "student@demo.test");
  const { sessionId, practiceId, goalId } = await demoIds(page);
  for (const pagePath of [
    "/dashboard",
    "/sessions",
    "/sessions/new",
    `/sessions/${sessionId}`,
    "/practice",
    `/practice/${practiceId}`,
    "/goals",
    `/goals/${goalId}`,
    "/suggestions",
    "/chat",
    "/tutors",
    "/bookings",
    "/notifications",
    "/profile",
  ]) {
    await expectAccessible(page, pagePath);
  }
});

test("every page the tutor sees passes axe", async ({ page }) => {
  await logIn(page, "student@demo.test");
  const { studentId, sessionId } = await demoIds(page);
  await page.context().clearCookies();
  await logIn(page, "tutor@demo.test");
  for (const pagePath of ["/dashboard", "/sessions", "/sessions/new", `/sessions/${sessionId}`, `/students/${studentId}`, `/students/${studentId}/brief`, "/schedule", "/bookings", "/notifications", "/profile"]) {
    await expectAccessible(page, pagePath);
  }
});

test("every page the admin sees passes axe", async ({ page }) => {
  await logIn(page, "admin@demo.test");
  for (const pagePath of ["/admin", "/admin/jobs", "/admin/kpis", "/notifications", "/profile"]) {
    await expectAccessible(page, pagePath);
  }
});

test("a keyboard-only student logs in, uploads a transcript and takes the practice", async ({ page }) => {
  const errors = watchForErrors(page);
  const email = `keys-${Date.now()}@example.com`;
  const password = "keyboard-only-pass-1";
  const registered = await page.request.post("/api/auth/register", { data: { email, password, name: "Kim Keys" } });
  expect(registered.status()).toBe(201);
  await page.context().clearCookies();

  // Log in: Tab into the form, type, Enter.
  await gotoHydrated(page, "/login");
  const focused = () => page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const id = element?.id;
    return (id && document.querySelector(`label[for="${id}"]`)?.textContent?.trim()) || element?.textContent?.trim() || "";
  });
  const tabUntil = async (label: string | RegExp) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const now = await focused();
      if (typeof label === "string" ? now.startsWith(label) : label.test(now)) return;
    }
    throw new Error(`Tab never reached ${label}`);
  };
  await tabUntil("Email");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("Password");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard/);

  // Upload: every field by keyboard, the tutor chosen with the arrow keys.
  await gotoHydrated(page, "/sessions/new");
  await tabUntil(/^Tutor/);
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#counterpart")).not.toHaveValue("");
  // The date: typed into the field's segments (month, day, year, hour, minute, AM/PM).
  await tabUntil("Date and time");
  // Chromium's year segment takes up to six digits, so it does not move on by itself.
  await page.keyboard.type("11202026");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type("0400P");
  await expect(page.locator("#field-session_date")).toHaveValue("2026-11-20T16:00");
  await tabUntil("…or paste it");
  await page.keyboard.insertText(fs.readFileSync(path.join(FIXTURES, "algebra_quadratics.txt"), "utf8"));
  await tabUntil("Upload and analyze");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}/, { timeout: 15_000 });

  // The practice: reached by keyboard from the list, answered with Space/typing, submitted.
  await expect(async () => {
    await gotoHydrated(page, "/practice");
    await expect(page.getByRole("list", { name: "Ready for you" }).getByRole("link").first()).toContainText("ready", { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  const ready = page.getByRole("list", { name: "Ready for you" }).getByRole("link").first();
  const readyText = ((await ready.textContent()) ?? "").trim();
  await tabUntil(readyText.slice(0, 12));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("article")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const total = await page.getByRole("button", { name: /^Question \d+$/ }).count();
  for (let i = 0; i < total; i++) {
    const article = page.getByRole("article");
    await expect(article).toHaveAttribute("aria-label", `Question ${i + 1} of ${total}`);
    // Tab into the question: a radio group or the answer field.
    for (let step = 0; ; step++) {
      expect(step, "Tab reaches the question's answer").toBeLessThan(60);
      await page.keyboard.press("Tab");
      const kind = await page.evaluate(() => {
        const element = document.activeElement as HTMLInputElement | null;
        if (!element?.closest("article")) return "";
        return element.type === "radio" ? "radio" : element.matches("input, textarea") ? "text" : "";
      });
      if (kind === "radio") {
        await page.keyboard.press("Space");
        await expect(article.locator("input[type=radio]:checked")).toHaveCount(1);
        break;
      }
      if (kind === "text") {
        await page.keyboard.type("3");
        break;
      }
    }
    if (i + 1 < total) {
      await tabUntil("Next");
      await page.keyboard.press("Enter");
    }
  }
  await tabUntil("Submit answers");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("score")).toHaveText(/Score: \d+%/);
  expect(errors).toEqual([]);
});
