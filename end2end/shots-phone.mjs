import { chromium } from "@playwright/test";
const BASE = "http://127.0.0.1:3020";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
const page = await ctx.newPage();
await page.goto(BASE + "/login");
await page.waitForSelector("body[data-hydrated=true]");
await page.getByLabel("Email").fill(process.argv[2] ?? "admin@demo.test");
await page.getByLabel("Password").fill(process.argv[3] ?? "study-companion-demo");
await page.getByRole("button", { name: "Log in" }).click();
await page.waitForURL(/dashboard/);
for (const [path, name] of JSON.parse(process.argv[4])) {
  await page.goto(BASE + path);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.waitForTimeout(500);
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0, i = 0; y < height && i < 4; y += 800, i++) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await page.waitForTimeout(150);
    await page.screenshot({ path: `/tmp/shots/${name}-${i}.png` });
  }
}
await browser.close();
