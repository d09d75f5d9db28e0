// Accounts: sign up, log out, log in, reset a forgotten password through the outbox, profile.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { gotoHydrated, watchForErrors } from "./helpers";

/**
 * The newest reset link sent to `email`, read from the outbox table the way a mail relay would
 * (admins see the outbox with links redacted, so nobody can take over an account from there).
 * The test server's database is `target/e2e/study-companion.db` (Leptos.toml, [test]).
 */
function resetLinkFor(email: string): string {
  const database = path.resolve(__dirname, "../../target/e2e/study-companion.db");
  const query =
    "SELECT body FROM outbox WHERE recipient = ? AND kind = 'password_reset' " +
    "ORDER BY created_at DESC LIMIT 1";
  const body = execFileSync("python3", [
    "-c",
    "import sqlite3, sys; row = sqlite3.connect(sys.argv[1]).execute(sys.argv[2], (sys.argv[3],)).fetchone(); print(row[0] if row else '')",
    database,
    query,
    email,
  ]).toString();
  const match = body.match(/https?:\/\/\S+\/reset-password\?token=[0-9a-f]+/);
  expect(match, "the email carries a reset link").toBeTruthy();
  return new URL(match![0]).pathname + new URL(match![0]).search;
}

test("sign up, log out, log in, reset the password from the outbox, see the profile", async ({ page }) => {
  const errors = watchForErrors(page);
  const email = `e2e-${Date.now()}@example.com`;
  const firstPassword = "maple-orbit-lantern-42";
  const secondPassword = "copper-tide-window-77";

  // Sign up, with validation as you type.
  await gotoHydrated(page, "/register");
  await page.getByLabel("Name").fill("Robin E2E");
  await page.getByLabel("Email").fill("not-an-email");
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await expect(page.getByText(/Use at least 10 characters/)).toBeVisible();
  await page.getByLabel("Password").fill(firstPassword);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Hi, Robin" })).toBeVisible();

  // Log out.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toBeVisible();

  // A wrong password is refused with a clear message; the right one signs in.
  await gotoHydrated(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toContainText("Invalid email or password");
  await page.getByLabel("Password").fill(firstPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/$/);

  // Forgot password: the link arrives through the outbox.
  await gotoHydrated(page, "/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account exists");
  const link = resetLinkFor(email);

  await gotoHydrated(page, link);
  await page.getByLabel("New password", { exact: true }).fill(secondPassword);
  await page.getByLabel("Repeat the new password").fill(secondPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");

  // The link is single-use.
  await gotoHydrated(page, link);
  await page.getByLabel("New password", { exact: true }).fill("another-new-pass-99");
  await page.getByLabel("Repeat the new password").fill("another-new-pass-99");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert")).toContainText("invalid or has expired");

  // The old password no longer works; the new one does, and the profile shows the account.
  await gotoHydrated(page, "/login?next=/profile");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(firstPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toContainText("Invalid email or password");
  await page.getByLabel("Password").fill(secondPassword);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // Edit the profile.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Grade (optional)").fill("11");
  await page.getByLabel("Time zone").fill("Europe/Paris");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toContainText("Profile saved");
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");

  expect(errors.filter((e) => !e.includes("401") && !e.includes("400"))).toEqual([]);
});

test("pages that need an account send visitors to log in first", async ({ page }) => {
  const response = await page.goto("/profile");
  expect(response?.ok()).toBeTruthy();
  await expect(page).toHaveURL(/\/login\?next=\/profile$/);
});

test("a goal description with markup is shown as text, never run", async ({ page }) => {
  const email = `goals-${Date.now()}@example.com`;
  const response = await page.request.post("/api/auth/register", {
    data: { email, password: "sturdy-goal-password-1", name: "Goal Setter" },
  });
  expect(response.status()).toBe(201);
  let dialogs = 0;
  page.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  await gotoHydrated(page, "/goals");
  await page.getByLabel("Subject").fill("Chemistry");
  await page.getByLabel("What do you want to achieve?").fill("<script>alert('XSS')</script>");
  await page.getByRole("button", { name: "Add goal" }).click();
  await expect(page.getByTestId("goal-description")).toHaveText("<script>alert('XSS')</script>");
  await page.reload();
  await expect(page.getByTestId("goal-description")).toHaveText("<script>alert('XSS')</script>");
  expect(dialogs).toBe(0);
});

test("the login form works without JavaScript and never puts the password in the URL", async ({ browser }) => {
  // Before the WASM arrives (a slow phone) the form is plain HTML: it must post, not GET.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  await page.goto("/login");
  await page.getByLabel("Email").fill("student@demo.test");
  await page.getByLabel("Password").fill("study-companion-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Hi, /);
  expect(requested.filter((url) => url.includes("study-companion-demo"))).toEqual([]);
  await context.close();
});
