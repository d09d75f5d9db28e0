// Chat: a transcript comes in, the student asks about it and watches the answer stream in,
// follows a source to the highlighted lines, resumes, renames and deletes conversations, asks
// about one session from its page, and requests a tutor. Markup hidden in a transcript and in a
// question is shown as text and never runs.
import { expect, test, type Page } from "@playwright/test";
import { fixture, gotoHydrated, registerStudent, uploadSession, watchForErrors } from "./helpers";

// A tutor line carrying markup that would run if it were ever inserted as HTML.
const HOSTILE_LINE =
  "[00:09:30] Ms. Rivera: One more trick about the discriminant <img src=x onerror=\"window.__xss=1\"> " +
  "<script>window.__xss=2</script> [trick](javascript:window.__xss=3) is to write it down first.";

async function signUpWithSession(page: Page) {
  await registerStudent(page.request, "chat", "Casey Chat", "chat-journey-pass-1");
  const tutors: { id: string; name: string }[] = await (await page.request.get("/api/tutors")).json();
  // The demo tutor (other journeys add tutors of their own): their availability is seeded.
  const tutor = tutors.find((t) => t.name === "Taylor Tutor") ?? tutors[0];
  const transcript = fixture("algebra_quadratics.txt") + "\n" + HOSTILE_LINE + "\n";
  const sessionId = await uploadSession(page.request, { tutorId: tutor.id, transcript });
  await expect
    .poll(async () => (await (await page.request.get(`/api/sessions/${sessionId}`)).json()).status, {
      timeout: 30_000,
    })
    .toBe("analyzed");
  return { sessionId: sessionId as string, tutorName: tutor.name };
}

test("ask, stream, follow a source, resume, request a tutor and book them", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  const { sessionId, tutorName } = await signUpWithSession(page);

  // Chat from the navigation; suggested questions come from the session's concepts.
  await gotoHydrated(page, "/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Chat", exact: true }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.locator("form[data-ready=true]")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ask about your sessions" })).toBeVisible();
  const suggestions = page.getByRole("list", { name: "Suggested questions" });
  await expect(suggestions.getByRole("button").first()).toBeVisible();

  // On a slow connection the answer visibly arrives piece by piece.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: 1200,
    uploadThroughput: -1,
  });
  await page.getByLabel("Your question").fill("What does the discriminant tell me?");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  const streaming = page.getByTestId("streaming-answer");
  await expect(streaming).toContainText(/\w+ \w+/, { timeout: 20_000 });
  const partial = await streaming.innerText();
  await expect(page.locator('[data-role="assistant"][data-status="complete"]')).toHaveCount(0);
  await expect(page.locator('[data-role="assistant"][data-status="complete"]')).toHaveCount(1, { timeout: 30_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const answer = page.getByRole("article", { name: "Answer" }).last();
  await expect(answer).toContainText("Ms. Rivera explained it like this");
  expect(partial.length).toBeLessThan((await answer.innerText()).length);
  // Once stored, the conversation has its own address and its name in the list.
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const conversations = page.getByRole("list", { name: "Your conversations" });
  await expect(conversations).toContainText("What does the discriminant tell me?");

  // A source leads to the session with its lines highlighted.
  const source = answer.getByRole("list", { name: "Sources" }).getByRole("link").first();
  const excerpt = (await source.locator("span").nth(1).innerText()).replace(/^“|”$/g, "");
  await source.click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}\\?lines=\\d+-\\d+#line-\\d+$`));
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const highlighted = page.locator('[data-highlighted="true"]');
  await expect(highlighted.first()).toBeVisible();
  await expect(highlighted.first()).toContainText(excerpt.slice(0, 40));
  await expect(highlighted.first()).toBeInViewport();

  // Back in the conversation it resumes where it was; a hostile question stays text.
  await page.goBack();
  await expect(page.locator("form[data-ready=true]")).toBeVisible();
  await expect(page.getByRole("article", { name: "Answer" })).toHaveCount(1);
  await page.getByLabel("Your question").fill('What is one more trick about the discriminant? <img src=y onerror="window.__xss=4">');
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  await expect(page.locator('[data-role="assistant"][data-status="complete"]')).toHaveCount(2);
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages).toContainText('<img src=y onerror="window.__xss=4">');
  await expect(messages).toContainText("<script>window.__xss=2</script>");
  await expect(messages.locator("img, script, iframe")).toHaveCount(0);
  await expect(messages.locator('a[href^="javascript"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // Request a tutor: the routing result, prefilled and editable, goes to the tutor.
  await page.getByLabel("Your question").fill("I give up, I still don't get it. Can I talk to my tutor?");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  await expect(page.locator('[data-role="assistant"]:not([data-status="streaming"])')).toHaveCount(3);
  await page.getByRole("button", { name: "Request a tutor" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Your tutor is the best help for this" })).toBeVisible();
  await expect(dialog.getByTestId("route-urgency")).toHaveText(/(Medium|High) urgency/);
  await expect(dialog.getByLabel("Why")).toHaveValue(/asked to talk to your tutor/);
  await expect(dialog.getByLabel("Focus on")).toHaveValue(/Discriminant/);
  await dialog.getByLabel("Urgency").selectOption("high");
  await dialog.getByRole("button", { name: "Send to my tutor" }).click();
  await expect(dialog.getByRole("heading", { name: "Sent to your tutor" })).toBeVisible();
  await expect(dialog.getByRole("status")).toContainText(`${tutorName} will see your request`);

  // Book from the hand-off: the request travels with the booking into the tutor's brief.
  await dialog.getByRole("link", { name: "Book a time" }).click();
  await expect(page).toHaveURL(/\/tutors\?escalation=[0-9a-f-]{36}$/);
  await expect(page.getByRole("status").filter({ hasText: "Your request from chat goes with this booking" })).toBeVisible();
  const card = page.getByRole("listitem").filter({ hasText: tutorName });
  await card.getByRole("button", { name: `Book ${tutorName}` }).click();
  await card.getByLabel("Free times").getByRole("button").first().click();
  await card.getByRole("button", { name: "Confirm booking" }).click();
  await expect(card.getByRole("status")).toContainText("Booked:");
  const me = await (await page.request.get("/api/auth/me")).json();

  const tutorContext = await browser.newContext();
  const tutorPage = await tutorContext.newPage();
  const login = await tutorPage.request.post("/api/auth/login", {
    data: { email: "tutor@demo.test", password: "study-companion-demo" },
  });
  expect(login.status()).toBe(200);
  await gotoHydrated(tutorPage, `/students/${me.id ?? me.user?.id}/brief`);
  const asked = tutorPage.locator("#escalations");
  await expect(asked).toContainText("asked to talk to your tutor");
  await expect(asked).toContainText(/high urgency/i);
  await expect(asked).toContainText("booked");
  await tutorContext.close();

  expect(errors).toEqual([]);
});

test("conversations are renamed, deleted, and started from a session", async ({ page }) => {
  const errors = watchForErrors(page);
  const { sessionId } = await signUpWithSession(page);

  // From the session page, a conversation about that session.
  await gotoHydrated(page, `/sessions/${sessionId}`);
  await page.getByRole("button", { name: "Ask about this session" }).click();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(page.locator("form[data-ready=true]")).toBeVisible();
  await expect(page.getByRole("region", { name: "Conversation" })).toContainText("About");
  await page.getByLabel("Your question").fill("How do I complete the square?");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  await expect(page.locator('[data-role="assistant"][data-status="complete"]')).toHaveCount(1);

  // Rename it, then delete it.
  const list = page.getByRole("list", { name: "Your conversations" });
  await expect(list).toContainText("How do I complete the square?");
  await list.getByRole("button", { name: "Rename How do I complete the square?" }).click();
  await list.getByLabel("Conversation name").fill("Completing the square");
  await list.getByRole("button", { name: "Save" }).click();
  await expect(list).toContainText("Completing the square");
  await list.getByRole("button", { name: "Delete Completing the square" }).click();
  await list.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByText("No conversations yet.")).toBeVisible();

  expect(errors).toEqual([]);
});
