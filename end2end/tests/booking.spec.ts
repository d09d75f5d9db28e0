// Booking: a tutor sets their availability on My schedule; a new student books a free time from
// the tutors page (times in the student's zone); the tutor sees the booking and cancels it with
// a reason; the student sees the cancellation in the bell. Screenshots at desktop and phone
// widths go to target/playwright/.
import { expect, test, type Page } from "@playwright/test";
import { gotoHydrated, shoot, watchForErrors } from "./helpers";

const TUTOR = { email: "tutor@demo.test", password: "study-companion-demo", name: "Taylor Tutor" };


async function logIn(page: Page, email: string, password: string) {
  await gotoHydrated(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("set availability, book from the tutors page, cancel, and see it in the bell", async ({ page, browser }) => {
  const errors = watchForErrors(page);

  // The tutor adds a weekend window to their week and saves it.
  await logIn(page, TUTOR.email, TUTOR.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My schedule" }).click();
  await expect(page.getByRole("heading", { name: "My schedule" })).toBeVisible();
  const windows = page.getByRole("list", { name: "Windows" });
  await expect(windows.getByRole("listitem").first()).toBeVisible();
  const before = await windows.getByRole("listitem").count();
  await page.getByRole("button", { name: "Add a window" }).click();
  const n = before + 1;
  await page.getByLabel(`Window ${n} day`).selectOption("6");
  await page.getByLabel(`Window ${n} start`).fill("10:00");
  await page.getByLabel(`Window ${n} end`).fill("12:00");
  await page.getByRole("button", { name: "Save availability" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Availability saved." })).toBeVisible();
  const saved = await (await page.request.get("/api/tutors/me/availability")).json();
  expect(saved.windows).toContainEqual({ weekday: 6, start: "10:00", end: "12:00" });
  await shoot(page, "booking-schedule");

  // A new student (no tutor yet) books the first free time from the tutors page.
  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  const studentErrors = watchForErrors(student);
  const name = `Bea Booker${Date.now() % 100000}`;
  const registered = await student.request.post("/api/auth/register", {
    data: { email: `booker-${Date.now()}@example.com`, password: "booking-journey-pass", name },
  });
  expect(registered.status()).toBe(201);
  await gotoHydrated(student, "/tutors");
  const card = student.getByRole("listitem").filter({ hasText: TUTOR.name });
  await expect(card).not.toContainText("@");
  await card.getByRole("button", { name: `Book ${TUTOR.name}` }).click();
  const times = card.getByLabel("Free times");
  await expect(times.getByRole("button").first()).toBeVisible();
  await shoot(student, "booking-tutors");
  await times.getByRole("button").first().click();
  await card.getByLabel("Anything your tutor should know? (optional)").fill("Factoring, please");
  await card.getByRole("button", { name: "Confirm booking" }).click();
  await expect(card.getByRole("status")).toContainText("Booked:");
  await gotoHydrated(student, "/bookings");
  const mine = student.getByTestId("booking").filter({ hasText: `Session with ${TUTOR.name}` });
  await expect(mine).toContainText("Confirmed");
  await expect(mine.getByRole("link", { name: "Add to calendar (.ics)" })).toBeVisible();
  await shoot(student, "booking-bookings");

  // The tutor sees it and cancels with a reason.
  await gotoHydrated(page, "/bookings");
  const theirs = page.getByTestId("booking").filter({ hasText: `Session with ${name}` });
  await expect(theirs).toContainText("Factoring, please");
  await theirs.getByRole("button", { name: "Cancel" }).click();
  await theirs.getByLabel("Why are you cancelling?").fill("I am unwell");
  await theirs.getByRole("button", { name: "Cancel session" }).click();
  await expect(theirs).toContainText("Cancelled: I am unwell");

  // The student's bell tells them.
  await gotoHydrated(student, "/bookings");
  await expect(student.getByTestId("unread-count")).toHaveText(/^[1-9]\d*$/, { timeout: 15_000 });
  await student.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
  const menu = student.getByRole("menu", { name: "Newest notifications" });
  await expect(menu).toContainText(`Session with ${TUTOR.name} cancelled`);
  await expect(menu).toContainText("I am unwell");
  await shoot(student, "booking-bell");

  expect(errors).toEqual([]);
  expect(studentErrors).toEqual([]);
  await studentContext.close();
});
