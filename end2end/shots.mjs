// Screenshots of the goal, suggestion, nudge and KPI pages at desktop and phone widths.
import { chromium } from "@playwright/test";
import fs from "node:fs";

const BASE = process.env.BASE ?? "http://127.0.0.1:3020";
const OUT = "/tmp/shots";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });

async function hydrated(page, path) {
  await page.goto(BASE + path);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.waitForTimeout(400);
}

const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
const errors = [];
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
const email = `shots-${Date.now()}@example.com`;
await page.request.post(BASE + "/api/auth/register", { data: { email, password: "shots-password-1", name: "Sasha Shots" } });
const tutors = await (await page.request.get(BASE + "/api/tutors")).json();
const transcript = fs.readFileSync("../server/tests/fixtures/transcripts/algebra_quadratics.txt", "utf8");
await page.request.post(BASE + "/api/transcripts/upload", { data: { tutorId: tutors[0].id, sessionDate: "2026-11-20T16:00:00Z", duration: 3600, transcript, transcriptSource: "manual_upload", transcriptFormat: "plain_text" } });
await page.waitForTimeout(3000);
const target = new Date(Date.now() + 9 * 86400000).toISOString().slice(0, 10);
const goal = await (await page.request.post(BASE + "/api/goals", { data: { subject: "Algebra", description: "Quadratics before the midterm", targetDate: target } })).json();
await page.request.post(BASE + "/api/goals", { data: { subject: "SAT Reading", description: "700+ in March" } });
const paused = await (await page.request.post(BASE + "/api/goals", { data: { subject: "Chemistry", description: "" } })).json();
await page.request.patch(BASE + `/api/goals/${paused.id}`, { data: { status: "paused" } });
// Practice once so progress and history move.
const list = await (await page.request.get(BASE + "/api/practice/student/" + goal.studentId)).json();
const practice = await (await page.request.get(BASE + `/api/practice/${list.practices[0].id}`)).json();
const answers = practice.questions.map((q) => ({ questionId: q.id, answer: q.options?.[0]?.id ?? "2" }));
await page.request.post(BASE + `/api/practice/${practice.id}/submit`, { data: { answers } });

const shoot = async (p, name, full = true) => p.screenshot({ path: `${OUT}/${name}.png`, fullPage: full });
await hydrated(page, "/goals"); await shoot(page, "goals-desktop");
await hydrated(page, `/goals/${goal.id}`); await page.getByText("How this is computed").click(); await shoot(page, "goal-desktop");
await page.getByRole("button", { name: "Edit" }).click(); await shoot(page, "goal-edit-desktop", false);
await page.getByRole("button", { name: "Cancel" }).click();
await page.getByRole("button", { name: "Delete" }).click(); await shoot(page, "goal-delete-desktop", false);
await page.getByRole("button", { name: "Cancel" }).click();
await page.getByRole("button", { name: "Complete goal" }).first().click();
await page.waitForTimeout(300); await shoot(page, "modal-waiting-desktop", false);
await page.getByRole("list", { name: "Suggested subjects" }).waitFor({ timeout: 30000 });
await shoot(page, "modal-desktop", false);
await page.getByRole("button", { name: "Close" }).click();
await hydrated(page, "/suggestions"); await shoot(page, "suggestions-desktop");
await hydrated(page, "/profile"); await shoot(page, "profile-desktop");

// Phone width, same account.
const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await ctx.storageState() });
const mp = await phone.newPage();
mp.on("console", (m) => m.type() === "error" && errors.push("phone: " + m.text()));
await hydrated(mp, "/goals"); await shoot(mp, "goals-phone");
const goals = await (await mp.request.get(BASE + `/api/goals/student/${goal.studentId}`)).json();
const active = goals.find((g) => g.status === "active");
await hydrated(mp, `/goals/${active.id}`); await shoot(mp, "goal-phone");
await hydrated(mp, `/goals/${goal.id}`); await shoot(mp, "goal-completed-phone");
await hydrated(mp, "/suggestions"); await shoot(mp, "suggestions-phone");
await hydrated(mp, "/profile"); await shoot(mp, "profile-phone");

// Nudges: two days on, run as admin, look at the bell.
await page.request.post(BASE + "/api/test/clock", { data: { days: 3 } });
const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const ap = await admin.newPage();
ap.on("console", (m) => m.type() === "error" && errors.push("admin: " + m.text()));
await hydrated(ap, "/login");
await ap.getByLabel("Email").fill("admin@demo.test");
await ap.getByLabel("Password").fill("study-companion-demo");
await ap.getByRole("button", { name: "Log in" }).click();
await ap.waitForURL(/dashboard/);
await hydrated(ap, "/admin/jobs");
await ap.getByRole("button", { name: "Run send-engagement-nudges now" }).click();
await ap.getByTestId("run-summary").waitFor();
await shoot(ap, "admin-jobs-desktop");
await hydrated(ap, "/admin/kpis"); await shoot(ap, "kpis-desktop");
const aphone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await admin.storageState() });
const app2 = await aphone.newPage();
await hydrated(app2, "/admin/kpis"); await shoot(app2, "kpis-phone");
await hydrated(app2, "/admin/jobs"); await shoot(app2, "admin-jobs-phone");

await hydrated(page, "/dashboard");
await page.getByRole("button", { name: /Notifications/ }).click();
await page.waitForTimeout(800);
await shoot(page, "bell-desktop", false);
await hydrated(page, "/notifications"); await shoot(page, "notifications-desktop");
await hydrated(mp, "/dashboard");
await mp.getByRole("button", { name: /Notifications/ }).click();
await mp.waitForTimeout(800);
await shoot(mp, "bell-phone", false);
console.log("errors:", JSON.stringify(errors, null, 1));
await browser.close();
