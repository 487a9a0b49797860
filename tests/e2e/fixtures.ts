import AxeBuilder from "@axe-core/playwright";
import {
  type APIRequestContext,
  type BrowserContext,
  test as base,
  expect,
  type Locator,
  type Page,
  request as playwrightRequest,
} from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** A phone: 360 px wide, touch, and the language its owner's phone is set to. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

type Fixtures = {
  /** Opens a new browser context (its own cookies): a phone, the projector, another facilitator. */
  openContext: (options?: Parameters<import("@playwright/test").Browser["newContext"]>[0]) => Promise<BrowserContext>;
};

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern.
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set: globalSetup did not start the server");
    await use(url);
  },
  openContext: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ baseURL, ...options });
      contexts.push(context);
      return context;
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});

export { expect };

/** Serious and critical accessibility violations on the page as it is now. */
export async function seriousA11yViolations(page: Page) {
  // Colours are judged as they settle: a dialog fading in is half transparent for a moment (axe
  // once measured its text at 4.29:1 mid-fade). Waits for the transitions and finite animations
  // under way, two frames after the last change, at most 2 s (an 8 s highlight is left running).
  await page.evaluate(() => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const settled = async () => {
      await frame();
      const settling = document
        .getAnimations()
        .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)))
        .map((animation) => animation.finished.catch(() => undefined));
      await Promise.all(settling);
      await frame();
    };
    return Promise.race([settled(), new Promise((done) => setTimeout(done, 2_000))]);
  });
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(" ")} [${n.failureSummary ?? ""}]`).join(", ")}`,
    );
}

/** Marks the page so a test can prove it was updated live, not reloaded. */
export async function markNoReload(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
}
export async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

let counter = 0;
/** A unique facilitator per test run, so tests never depend on each other's accounts. */
export function uniqueEmail(prefix: string) {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}@example.org`;
}

export const PASSWORD = "correct horse battery";

/**
 * A plain HTTP client as a browser posts from the app's own pages: its Origin, its cookies, and
 * redirects left for the test to read.
 */
export function httpClient(baseURL: string, extraHTTPHeaders: Record<string, string> = {}) {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL, ...extraHTTPHeaders }, maxRedirects: 0 });
}

/** Signs a new facilitator up with the sign-up form; returns the session cookie (as a Cookie header) and the email. */
export async function signUpWithForm(api: APIRequestContext, name = "Eszter") {
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, "-"));
  const response = await api.post("/signup", { form: { name, email, password: PASSWORD } });
  expect(response.status()).toBe(302);
  const cookie = (await api.storageState()).cookies.find((c) => c.name === "hr_session");
  if (!cookie) throw new Error("no session cookie after sign-up");
  return { cookie: `${cookie.name}=${cookie.value}`, email };
}

/** Creates a workshop with the new-workshop form (roles as repeated fields) and returns its id. */
export async function newWorkshopWithForm(api: APIRequestContext, title = "Budapest peer review") {
  const created = await api.post("/workshops/new", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: `title=${encodeURIComponent(title)}&hostOrganisation=MediKlaszter&anonymity=anonymous&roles=local_stakeholder&roles=international_peer`,
  });
  expect(created.status()).toBe(302);
  return (created.headers().location ?? "").split("/").pop() ?? "";
}

/** Signs a new facilitator up on this page and waits for "My workshops". */
export async function signUpFacilitator(page: Page, name: string) {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(uniqueEmail(name.toLowerCase().replace(/\W+/g, "-")));
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "My workshops" })).toBeVisible();
}

/** Reads the QR code shown in an image on the page, as a phone camera would. */
export async function readQrCode(image: Locator): Promise<string> {
  const png = PNG.sync.read(await image.screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error("No QR code could be read from the image");
  return decoded.data;
}

/** Creates a workshop from the facilitator's page and returns what the room needs to join it. */
export async function createWorkshopViaUi(page: Page, options: { title: string; named?: boolean }) {
  await page.getByRole("link", { name: "New workshop" }).click();
  await page.getByLabel("Title").fill(options.title);
  await page.getByLabel("Host organisation").fill("MediKlaszter");
  await page.getByLabel("Venue").fill("Budapest");
  if (options.named) await page.getByLabel(/Named: the projector/).check();
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: options.title })).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online");
  return {
    participantLink: (await page.getByTestId("participant-link").textContent()) ?? "",
    displayLink: (await page.getByTestId("display-link").textContent()) ?? "",
  };
}

/** A phone that opens the participant link and joins with a helix (English screens). */
export async function joinFromPhone(context: BrowserContext, link: string, helix: string, name: string) {
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByTestId(`helix-option-${helix}`).click();
  await phone.getByTestId("role-option-local_stakeholder").click();
  await phone.getByLabel("Your name (optional)").fill(name);
  await phone.getByRole("button", { name: "Join" }).click();
  await expect(phone.getByTestId("speaking-for")).toBeVisible();
  await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "online");
  return phone;
}

/** Picks an option of a Mantine Select (a combobox whose options render in a portal). */
export async function choose(page: Page, combobox: Locator, option: string) {
  await combobox.click();
  await page.getByRole("option", { name: option, exact: true }).click();
}
