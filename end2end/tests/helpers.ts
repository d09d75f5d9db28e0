// Shared steps for the journeys.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

const FIXTURES = path.resolve(__dirname, "../../server/tests/fixtures/transcripts");

/** A bundled transcript fixture's text. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}

/** Registers a new student (signed in on `request` by the cookie) under a unique email. */
export async function registerStudent(request: APIRequestContext, prefix: string, name: string, password: string) {
  const email = `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const registered = await request.post("/api/auth/register", { data: { email, password, name } });
  expect(registered.status()).toBe(201);
  return { email, password };
}

/** Uploads a plain-text session as the signed-in student (the algebra fixture unless told) and
 * returns its id; the analysis runs in the background. */
export async function uploadSession(
  request: APIRequestContext,
  options: { tutorId?: string; transcript?: string; sessionDate?: string } = {},
): Promise<string> {
  const tutorId = options.tutorId ?? (await (await request.get("/api/tutors")).json())[0].id;
  const upload = await request.post("/api/transcripts/upload", {
    data: {
      tutorId,
      sessionDate: options.sessionDate ?? "2026-11-20T16:00:00Z",
      duration: 3600,
      transcript: options.transcript ?? fixture("algebra_quadratics.txt"),
      transcriptSource: "manual_upload",
      transcriptFormat: "plain_text",
    },
  });
  expect(upload.status()).toBe(202);
  return (await upload.json()).sessionId;
}

/** Opens a page and waits until the WASM has hydrated it, so clicks reach Rust handlers. */
export async function gotoHydrated(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Fails the test on any console error or failed request, which a real user would hit too. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  return errors;
}

/** Full-page screenshots at desktop and phone widths into target/playwright/, to be looked at. */
export async function shoot(page: Page, name: string) {
  for (const [label, width] of [["desktop", 1280], ["phone", 390]] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `../target/playwright/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
