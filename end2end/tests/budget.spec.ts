// The weight of a first visit: every page, as each role, from a cold cache, must stay inside
// the byte budget (HTML + CSS + JS + WASM + whatever the page fetches once hydrated, as Chromium
// counts them on the wire). A repeat visit asks for nothing under /pkg (hashed names, cached for
// a year), and the page hydrates soon after it loads. Measured on the release build with
// precompressed assets (`E2E_BUILD="--release --precompress" make e2e`); on a debug build the
// numbers mean nothing and the test skips.
import { expect, test, type APIRequestContext, type Browser, type CDPSession } from "@playwright/test";

/** Bytes on the wire for one first visit, any page, any role: issue 15's target. Not reached
 * yet: the WASM is one bundle for every page (639 KB brotli; see the README's measurements for
 * what was tried and what is in it), so this test fails on the release build today; it is not
 * loosened to pass. */
const BUDGET_BYTES = 250 * 1024;
/** Hydrated (the body marked) at most this long after the load event (issue 15). */
const HYDRATED_AFTER_LOAD_MS = 300;

const PASSWORD = "study-companion-demo";
type Role = "anonymous" | "student" | "tutor" | "admin";
const EMAIL: Record<Exclude<Role, "anonymous">, string> = {
  student: "student@demo.test",
  tutor: "tutor@demo.test",
  admin: "admin@demo.test",
};

test.skip(
  !(process.env.E2E_BUILD ?? "").includes("--release"),
  'the budget is measured on the release build: E2E_BUILD="--release --precompress" make e2e',
);

async function signIn(request: APIRequestContext, role: Role) {
  if (role === "anonymous") return;
  const response = await request.post("/api/auth/login", { data: { email: EMAIL[role], password: PASSWORD } });
  expect(response.status(), `${role} signs in`).toBe(200);
}

/** The demo student's pages with ids: a session, a practice, a goal. */
async function studentIds(request: APIRequestContext) {
  const me = await (await request.get("/api/auth/me")).json();
  const sessions = await (await request.get(`/api/sessions/student/${me.id}`)).json();
  const practices = await (await request.get(`/api/practice/student/${me.id}`)).json();
  const goals = await (await request.get(`/api/goals/student/${me.id}`)).json();
  return {
    student: me.id as string,
    session: sessions.items[0]?.id as string,
    practice: practices.practices[0]?.id as string,
    goal: goals[0]?.id as string,
  };
}

async function pagesFor(browser: Browser, role: Role): Promise<string[]> {
  if (role === "anonymous") return ["/", "/login", "/register", "/forgot-password", "/reset-password?token=0"];
  const context = await browser.newContext();
  await signIn(context.request, "student");
  const ids = await studentIds(context.request);
  await context.close();
  expect(ids.session && ids.practice && ids.goal, "the demo student has a session, a practice and a goal").toBeTruthy();
  const common = ["/dashboard", "/notifications", "/profile"];
  if (role === "student") {
    return [
      ...common,
      "/sessions",
      "/sessions/new",
      `/sessions/${ids.session}`,
      "/practice",
      `/practice/${ids.practice}`,
      "/chat",
      "/goals",
      `/goals/${ids.goal}`,
      "/suggestions",
    ];
  }
  if (role === "tutor") return [...common, "/sessions", `/students/${ids.student}`, `/sessions/${ids.session}`];
  return [...common, "/admin", "/admin/jobs", "/admin/kpis"];
}

/** Counts what Chromium receives: bytes per response, and which /pkg files came from the network. */
async function watchNetwork(cdp: CDPSession) {
  const urls = new Map<string, string>();
  const cached = new Set<string>();
  const bytes = new Map<string, number>();
  const fromNetwork: string[] = [];
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (event) => urls.set(event.requestId, event.request.url));
  cdp.on("Network.requestServedFromCache", (event) => cached.add(event.requestId));
  cdp.on("Network.responseReceived", (event) => {
    const { response } = event;
    const url = new URL(response.url);
    if (url.pathname.startsWith("/pkg/")) {
      const local = response.fromDiskCache || response.fromPrefetchCache || cached.has(event.requestId);
      if (!local) fromNetwork.push(`${url.pathname} (${response.status})`);
    }
  });
  cdp.on("Network.loadingFinished", (event) => bytes.set(event.requestId, event.encodedDataLength));
  return {
    total: () => [...bytes.values()].reduce((sum, n) => sum + n, 0),
    largest: () =>
      [...bytes.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([id, n]) => `${new URL(urls.get(id) ?? "about:blank").pathname} ${n}`),
    pkgFromNetwork: () => [...fromNetwork],
    reset: () => {
      bytes.clear();
      fromNetwork.length = 0;
    },
  };
}

/** Milliseconds from navigation start to the load event and to the body being marked hydrated. */
const MARK_HYDRATION = () => {
  const observer = new MutationObserver(() => {
    if (document.body?.getAttribute("data-hydrated") === "true") {
      (window as unknown as { __hydratedAt: number }).__hydratedAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
};

async function visit(page: import("@playwright/test").Page, path: string) {
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      load: Math.round(navigation.loadEventEnd),
      hydrated: Math.round((window as unknown as { __hydratedAt: number }).__hydratedAt),
    };
  });
}

const rows: string[] = [];

for (const role of ["anonymous", "student", "tutor", "admin"] as Role[]) {
  test(`every page as ${role}: first visit inside the budget, repeat visit from the cache`, async ({ browser }) => {
    test.setTimeout(180_000);
    for (const path of await pagesFor(browser, role)) {
      // A new context is a cold cache.
      const context = await browser.newContext();
      await signIn(context.request, role);
      const page = await context.newPage();
      await page.addInitScript(MARK_HYDRATION);
      const network = await watchNetwork(await context.newCDPSession(page));

      const first = await visit(page, path);
      const bytes = network.total();
      rows.push(
        `${role.padEnd(9)} ${path.padEnd(52)} ${(bytes / 1024).toFixed(1).padStart(7)} KB  ` +
          `load ${first.load} ms  hydrated ${first.hydrated} ms`,
      );
      // Soft: every page is measured (and in the table) even when an earlier one is over; the
      // test still fails at its end.
      expect.soft(bytes, `${role} ${path}: ${network.largest().join(", ")}`).toBeLessThanOrEqual(BUDGET_BYTES);
      expect.soft(first.hydrated - first.load, `${role} ${path}: hydrated after load`).toBeLessThanOrEqual(
        HYDRATED_AFTER_LOAD_MS,
      );

      // Again, as a returning visitor: the bundle, its glue and the styles come from the cache.
      network.reset();
      await visit(page, path);
      expect(network.pkgFromNetwork(), `${role} ${path}: /pkg requests on a repeat visit`).toEqual([]);
      await context.close();
    }
  });
}

test.afterAll(() => {
  // The table for the README's measurements.
  console.log(`first visit, cold cache (bytes on the wire):\n${rows.join("\n")}`);
});
