// Shared steps for the journeys.
import { expect, type Page } from "@playwright/test";

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
