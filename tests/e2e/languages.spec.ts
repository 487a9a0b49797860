import type { Page } from "@playwright/test";
import { createWorkshopViaUi, expect, PHONE, seriousA11yViolations, signUpFacilitator, test } from "./fixtures";

/**
 * Issue 12: each screen speaks the user's language — their choice, else their browser's, else the
 * workshop's default — and a workshop's phones offer only the languages the facilitator chose.
 * A refusal reaches a phone in its own language, never as the server's English message.
 */

/** No sideways scrolling at 360 px, and axe finds nothing serious. */
async function expectFitsAndAccessible(phone: Page, label: string) {
  const { scrollWidth, width } = await phone.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect.soft(scrollWidth, `${label}: wider than the screen`).toBeLessThanOrEqual(width);
  expect.soft(await seriousA11yViolations(phone), `axe: ${label}`).toEqual([]);
}

test("a facilitator whose browser asks for Hungarian gets Hungarian screens", async ({ page, openContext }) => {
  // The account and the workshop are made in English; the same facilitator then opens them in a
  // browser that asks for Hungarian.
  await signUpFacilitator(page, "Eszter");
  await createWorkshopViaUi(page, { title: "Magyar műhely" });
  const workshopUrl = page.url();
  // Chromium sends the Accept-Language of the context's locale on page loads.
  const context = await openContext({ locale: "hu-HU" });
  // The session only: no language chosen in this browser yet.
  await context.addCookies((await page.context().cookies()).filter((c) => c.name === "hr_session"));
  const hu = await context.newPage();
  await hu.goto("/workshops");
  await expect(hu.locator("html")).toHaveAttribute("lang", "hu");
  await expect(hu.getByRole("heading", { name: "Műhelyeim" })).toBeVisible();
  await expect(hu.getByRole("link", { name: "Új műhely" })).toBeVisible();
  await expect(hu.getByRole("button", { name: "Kilépés", exact: true })).toBeVisible();
  await hu.goto(workshopUrl);
  await expect(hu.locator("html")).toHaveAttribute("lang", "hu");
  await expect(hu.getByRole("heading", { level: 1, name: "Magyar műhely" })).toBeVisible();
  await expect(hu.getByText("Civil társadalom").first()).toBeVisible();
  await expect(hu.getByText("Kormányzat").first()).toBeVisible();
  // The switch names every language in its own words, and the choice wins over the browser.
  const switcher = hu.getByRole("radiogroup").first();
  for (const name of ["English", "Magyar", "Lietuvių", "Slovenščina"])
    await expect(switcher.getByText(name, { exact: true })).toBeVisible();
  await switcher.getByText("English", { exact: true }).click();
  await expect(hu.locator("html")).toHaveAttribute("lang", "en");
  await hu.reload();
  await expect(hu.locator("html")).toHaveAttribute("lang", "en");
  await expect(hu.getByRole("link", { name: "My workshops" })).toBeVisible();
});

test("a workshop offering English and Lithuanian, Lithuanian by default: a German phone gets Lithuanian and a switch of two", async ({
  page,
  openContext,
}) => {
  await signUpFacilitator(page, "Rūta");
  await page.getByRole("link", { name: "New workshop" }).click();
  await page.getByLabel("Title").fill("Vilnius peer review");
  await page.getByLabel("Host organisation").fill("Lietuvos inovacijų centras");
  await page.getByRole("checkbox", { name: "Magyar" }).uncheck();
  await page.getByRole("checkbox", { name: "Slovenščina" }).uncheck();
  await page.getByLabel("Default language").selectOption("lt");
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vilnius peer review" })).toBeVisible();
  await expect(page.getByTestId("workshop-languages")).toContainText("English and Lietuvių");
  const participantLink = (await page.getByTestId("participant-link").textContent()) ?? "";

  const phone = await (await openContext({ ...PHONE, locale: "de-DE" })).newPage();
  await phone.goto(participantLink);
  await expect(phone.locator("html")).toHaveAttribute("lang", "lt");
  const switcher = phone.getByRole("radiogroup").first();
  await expect(switcher.getByRole("radio")).toHaveCount(2);
  await expect(switcher.getByText("English", { exact: true })).toBeVisible();
  await expect(switcher.getByText("Lietuvių", { exact: true })).toBeVisible();
  await expect(switcher.getByText("Magyar", { exact: true })).toHaveCount(0);
  await expectFitsAndAccessible(phone, "Lithuanian phone");

  // A phone whose browser asks for a language the workshop does not offer gets the default.
  const hungarian = await (await openContext({ ...PHONE, locale: "hu-HU" })).newPage();
  await hungarian.goto(participantLink);
  await expect(hungarian.locator("html")).toHaveAttribute("lang", "lt");

  // The facilitator changes the workshop's languages on its page: the phone offers the new set.
  const languages = page.getByTestId("workshop-languages");
  await languages.getByRole("button", { name: "Change languages" }).click();
  await languages.getByRole("checkbox", { name: "Slovenščina" }).check();
  await languages.getByLabel("Default language").selectOption("sl");
  await languages.getByRole("button", { name: "Save languages" }).click();
  await expect(languages).toContainText("English, Lietuvių, and Slovenščina");
  await phone.reload();
  await expect(phone.locator("html")).toHaveAttribute("lang", "sl");
  await expect(phone.getByRole("radiogroup").first().getByRole("radio")).toHaveCount(3);
});

test("a refusal on a Hungarian phone is said in Hungarian, not in the server's English", async ({ page, openContext }) => {
  await signUpFacilitator(page, "Eszter");
  const { participantLink } = await createWorkshopViaUi(page, { title: "Refusals in Hungarian" });
  const phone = await (await openContext({ ...PHONE, locale: "hu-HU" })).newPage();
  await phone.goto(participantLink);
  await expect(phone.locator("html")).toHaveAttribute("lang", "hu");
  await phone.getByTestId("helix-option-community").click();
  await phone.getByTestId("role-option-local_stakeholder").click();
  await phone.getByRole("button", { name: "Csatlakozom" }).click();
  await expect(phone.getByTestId("speaking-for")).toBeVisible();
  await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "online");

  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  await phone.getByLabel("Az Ön kihívása").fill("Kevés a közös adat a klaszterek között");
  await phone.getByRole("button", { name: "Kihívás beküldése" }).click();
  const mine = phone.getByTestId("my-contribution").filter({ hasText: "Kevés a közös adat" });
  await mine.getByRole("button", { name: "Szerkesztés" }).click();
  await phone.getByLabel("Az Ön kihívása").last().fill("Kevés a közös adat a klaszterek és a régiók között");

  // The room moves on while the phone is editing: saving is refused.
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await expect(phone.getByTestId("ballot").or(phone.getByText("Még nincs miről szavazni.")).first()).toBeVisible();
  await phone.getByRole("button", { name: "Mentés" }).click();
  const alert = phone.getByRole("alert").filter({ hasText: "Ez a lépés véget ért" });
  await expect(alert).toContainText("Ez a lépés véget ért: a hozzászólások már nem módosíthatók.");
  await expect(phone.getByText("This step is over")).toHaveCount(0);
  await expectFitsAndAccessible(phone, "Hungarian phone with a refusal");
});
