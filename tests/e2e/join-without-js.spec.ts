import { readFileSync } from "node:fs";
import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import type room from "../../app/i18n/locales/en/room.json";
import { expect, httpClient, newWorkshopWithForm, PHONE, seriousA11yViolations, signUpWithForm, test } from "./fixtures";

/**
 * Issue 14, target 4: a phone on a slow network joins as soon as the HTML is there. With
 * JavaScript off, /join (a GET form) and /j/<code> (a plain form post to the route's action, the
 * same service call as with JavaScript) take a phone into the room, and refusals come back in the
 * phone's language. The same phone, once its scripts run, is the same participant.
 */

const strings = (language: string): typeof room =>
  JSON.parse(readFileSync(new URL(`../../app/i18n/locales/${language}/room.json`, import.meta.url), "utf8"));
const en = strings("en");
const hu = strings("hu");

async function workshopCode(api: APIRequestContext, workshopId: string) {
  const page = await (await api.get(`/workshops/${workshopId}`)).text();
  const code = page.match(/\/j\/([A-Z0-9]{6})/)?.[1];
  if (!code) throw new Error("no join code on the facilitator's page");
  return code;
}

/** The text of the page's first field error (a Mantine input's error), as the phone shows it. */
const fieldError = (phone: Page) => phone.locator(".mantine-InputWrapper-error, .mantine-RadioGroup-error").first();

async function noScriptPhone(openContext: (o?: object) => Promise<BrowserContext>, locale: string) {
  const context = await openContext({ ...PHONE, locale, javaScriptEnabled: false });
  return { context, phone: await context.newPage() };
}

/**
 * axe needs scripts of its own, so it checks the page as a phone without scripts gets it in a
 * context where the app's scripts are refused: the server's HTML, as it is before any script runs.
 */
async function noScriptA11yViolations(openContext: (o?: object) => Promise<BrowserContext>, url: string) {
  const context = await openContext({ ...PHONE, locale: "hu-HU" });
  await context.route(/\/assets\/.*\.js$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId("join-form")).toBeVisible();
  return seriousA11yViolations(page);
}

test("without JavaScript, a Hungarian phone joins through /join and lands in the room; with its scripts it is the same participant", async ({
  baseURL,
  openContext,
}) => {
  const api = await httpClient(baseURL ?? "");
  await signUpWithForm(api);
  const workshopId = await newWorkshopWithForm(api, "Pécsi egészségipari klaszter");
  const code = await workshopCode(api, workshopId);

  const { context, phone } = await noScriptPhone(openContext, "hu-HU");
  // A wrong code: the join page says so in Hungarian, with the code kept in the field.
  await phone.goto("/join");
  await phone.getByLabel(hu.join.codeLabel).fill("ZZZZZZ");
  await phone.getByRole("button", { name: hu.join.submit }).click();
  await expect(phone.getByTestId("join-error")).toHaveText(hu.join.unknownCode);
  await expect(phone.getByLabel(hu.join.codeLabel)).toHaveValue("ZZZZZZ");

  // The right code (typed in lower case): on to the workshop's join form.
  await phone.getByLabel(hu.join.codeLabel).fill(code.toLowerCase());
  await phone.getByRole("button", { name: hu.join.submit }).click();
  await expect(phone).toHaveURL(new RegExp(`/j/${code}$`));
  const form = phone.getByTestId("join-form");
  await expect(form).toBeVisible();
  expect(await noScriptA11yViolations(openContext, phone.url())).toEqual([]);
  await phone.screenshot({ path: "/tmp/join-no-js-form-hu.png", fullPage: true, scale: "css" });

  // No helix chosen: the form comes back with the refusal beside the helix, in Hungarian.
  await phone.getByTestId("role-option-local_stakeholder").check();
  await phone.getByRole("button", { name: hu.phone.submit }).click();
  await expect(fieldError(phone)).toHaveText(hu.validation.required);
  await expect(phone.getByTestId("youre-in")).toHaveCount(0);

  // A helix (the card is a label around a native radio) and a role: in the room, told so in Hungarian.
  await phone.getByTestId("helix-option-academia").click();
  await expect(phone.locator("input[name=helix][value=academia]")).toBeChecked();
  await phone.getByTestId("role-option-local_stakeholder").check();
  await phone.getByLabel(hu.phone.displayName).fill("Kovács Anna");
  await phone.getByRole("button", { name: hu.phone.submit }).click();
  await expect(phone).toHaveURL(new RegExp(`/j/${code}$`));
  await expect(phone.getByTestId("youre-in")).toHaveText(hu.phone.youreIn);
  await expect(phone.getByText(hu.phone.waitForFacilitator)).toBeVisible();
  await expect(phone.getByTestId("speaking-for")).toBeVisible();
  await phone.screenshot({ path: "/tmp/join-no-js-room-hu.png", fullPage: true, scale: "css" });

  // The same phone (its cookies) once scripts run: the same participant, live, one in the room.
  const withScripts = await openContext({ ...PHONE, locale: "hu-HU", storageState: await context.storageState() });
  const live = await withScripts.newPage();
  await live.goto(`/j/${code}`);
  await expect(live.getByTestId("youre-in")).toHaveText(hu.phone.youreIn);
  await expect(live.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await expect(live.getByTestId("room-count")).toHaveText(hu.phone.roomCount_one.replace("{{count}}", "1"));
  await expect(live.getByTestId("speaking-for")).toContainText(hu.helix.academia.name);
  await live.screenshot({ path: "/tmp/join-js-room-hu.png", fullPage: true, scale: "css" });
  await api.dispose();
});

test("without JavaScript, a phone opening /j/<code> joins with the form post; a wrong code is explained on /join", async ({
  baseURL,
  openContext,
}) => {
  const api = await httpClient(baseURL ?? "");
  await signUpWithForm(api);
  const workshopId = await newWorkshopWithForm(api, "Ljubljana living lab");
  const code = await workshopCode(api, workshopId);

  const { phone } = await noScriptPhone(openContext, "hu-HU");
  await phone.goto("/j/ZZZZZZ");
  await expect(phone).toHaveURL(/\/join\?code=ZZZZZZ&reason=unknown$/);
  await expect(phone.getByTestId("join-error")).toHaveText(hu.join.unknownCode);

  const english = await noScriptPhone(openContext, "en-GB");
  await english.phone.goto(`/j/${code}`);
  await english.phone.getByTestId("helix-option-business").click();
  await english.phone.getByTestId("role-option-international_peer").check();
  await english.phone.getByRole("button", { name: en.phone.submit }).click();
  await expect(english.phone.getByTestId("youre-in")).toHaveText(en.phone.youreIn);
  await expect(english.phone.getByTestId("room-count")).toHaveText(en.phone.roomCount_one.replace("{{count}}", "1"));
  // Opened again later (its cookie): the room, still one participant.
  await english.phone.goto(`/j/${code}`);
  await expect(english.phone.getByTestId("youre-in")).toBeVisible();
  await expect(english.phone.getByTestId("room-count")).toHaveText(en.phone.roomCount_one.replace("{{count}}", "1"));
  await api.dispose();
});
