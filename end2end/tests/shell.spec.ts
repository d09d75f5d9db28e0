// The shell: server-rendered, hydrated, styled, navigable, with a styled 404.
import { expect, test } from "@playwright/test";
import { gotoHydrated, watchForErrors } from "./helpers";

test("home page is server-rendered, then hydrates and responds to clicks", async ({ page }) => {
  const errors = watchForErrors(page);

  // Server-rendered: the HTML already carries the content before any script runs.
  const response = await page.request.get("/");
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("Keep learning between tutoring sessions");

  await gotoHydrated(page, "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Keep learning between tutoring sessions",
  );
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("contentinfo")).toContainText("Study Companion");

  // Tailwind really styled it: the primary button has the indigo background.
  const cta = page.getByRole("link", { name: "Create a student account" });
  await expect(cta).not.toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
  await expect(cta).toHaveCSS("color", "rgb(255, 255, 255)");

  // Only works once hydrated: the tabs are Rust click handlers.
  await page.getByRole("tab", { name: "Practice" }).click();
  await expect(page.getByRole("tab", { name: "Practice" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel")).toContainText("Practice that fits where you are");

  expect(errors).toEqual([]);
});

test("the mobile menu opens on a small screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await gotoHydrated(page, "/");
  const mobileNav = page.getByRole("navigation", { name: "Mobile" });
  await expect(mobileNav).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(mobileNav).toBeVisible();
  await expect(mobileNav.getByRole("link", { name: "Log in" })).toBeVisible();
});

test("unknown pages get a styled 404, unknown API paths a JSON 404", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the start" })).toBeVisible();

  const api = await page.request.get("/api/no/such/route");
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: "API route not found", code: "not_found" });
});
