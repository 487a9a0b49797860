import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { choose, expect, PHONE, test, uniqueEmail } from "./fixtures";

/**
 * Issue 12, done when: a Lithuanian and a Slovenian participant, and a Hungarian facilitator, use
 * the whole day in their language with no English on any screen. The facilitator (Hungarian) runs
 * a short day — lobby, challenges, the vote, its reveal, solutions, recommendations, the close —
 * with a Lithuanian phone, a Slovenian phone and a Slovenian projector. At every step every screen's
 * visible text (and its aria-label, title, placeholder and alt attributes) is searched for the
 * interface's English strings; each phone is also refused once, and the refusal is in its language.
 */

type Language = "en" | "hu" | "lt" | "sl";
type Strings = Record<string, unknown>;

const LOCALES = fileURLToPath(new URL("../../app/i18n/locales/", import.meta.url));
/** Every namespace of a language, as one object per namespace file. */
function load(language: Language): Record<string, Strings> {
  return Object.fromEntries(
    readdirSync(join(LOCALES, language))
      .filter((name) => name.endsWith(".json"))
      .map((name) => [name.replace(/\.json$/, ""), JSON.parse(readFileSync(join(LOCALES, language, name), "utf8"))]),
  );
}
/** Every string of a language with its key (namespace:path). */
function leaves(value: unknown, path: string): { key: string; text: string }[] {
  if (typeof value === "string") return [{ key: path, text: value }];
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path.endsWith(":") ? `${path}${k}` : `${path}.${k}`));
  return [];
}
const allStrings = (language: Language) => Object.entries(load(language)).flatMap(([ns, value]) => leaves(value, `${ns}:`));

const BOUNDARY = /[\p{L}\p{N}]/u;
/** The fixed parts of a string, placeholders taken out, each trimmed of what is not a letter or digit at its ends. */
const fragments = (text: string) =>
  text
    .split(/\{\{[^}]*\}\}/)
    .map((part) => part.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter(Boolean);
/** Long enough to be English only by accident never: two words or more, or eight letters or more. */
const telling = (fragment: string) =>
  (fragment.match(/\p{L}+/gu) ?? []).length >= 2 || (fragment.match(/\p{L}/gu) ?? []).length >= 8;

const english = allStrings("en");
/** The English strings to look for on a screen in `language`: none the language writes the same way. */
function englishFor(language: Exclude<Language, "en">): { key: string; text: string }[] {
  const own = allStrings(language).map((s) => s.text);
  const found = new Map<string, string>();
  for (const { key, text } of english)
    for (const fragment of fragments(text))
      if (telling(fragment) && !own.some((t) => t.includes(fragment)) && !found.has(fragment)) found.set(fragment, key);
  return [...found].map(([text, key]) => ({ key, text }));
}
const ENGLISH = { hu: englishFor("hu"), lt: englishFor("lt"), sl: englishFor("sl") };

/** Whether `needle` occurs in `haystack` as whole words. */
function containsWords(haystack: string, needle: string) {
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1] ?? " ";
    const after = haystack[at + needle.length] ?? " ";
    if (!BOUNDARY.test(before) && !BOUNDARY.test(after)) return true;
  }
  return false;
}

/** What a screen shows: its text, its title, and the labels, titles, placeholders and alt texts of what is rendered. */
async function screenText(page: Page): Promise<string> {
  const parts = await page.evaluate(() => {
    // What is rendered, as a reader sees it: innerText leaves out what CSS hides.
    // biome-ignore lint/performance/useDomNodeTextContent: textContent would count hidden text as shown.
    const found = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
      if (!el.checkVisibility()) continue;
      for (const name of ["aria-label", "title", "placeholder", "alt"]) {
        const value = el.getAttribute(name);
        if (value) found.push(value);
      }
    }
    return found;
  });
  return parts.join("\n¦\n");
}

type Screen = { name: string; page: Page; language: Exclude<Language, "en"> };

const locale = { hu: load("hu"), lt: load("lt"), sl: load("sl") };
/** A string of a language by key, e.g. `s("lt", "room:contribute.edit")`. */
function s(language: Exclude<Language, "en">, key: string, values: Record<string, string | number> = {}): string {
  const [ns, path] = key.split(":");
  let value: unknown = locale[language][ns];
  for (const part of path.split(".")) value = (value as Strings | undefined)?.[part];
  if (typeof value !== "string") throw new Error(`no string ${language} ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
}

// What the test types: stripped from a screen's text before it is searched (they are the users' words).
const EMAIL = uniqueEmail("eszter");
const WORKSHOP = "Klaszterek és a négyes spirál";
const HOST_ORG = "MediKlaszter";
const VENUE = "Budapest";
const HOST_CHALLENGE = "Kevés a közös adat a klaszterek között";
const LT = {
  name: "Rūta",
  challenge: "Trūksta bendrų duomenų tarp klasterių",
  edited: "Trūksta bendrų duomenų tarp klasterių ir regionų",
  solution: "Bendra duomenų erdvė klasteriams",
};
const SL = {
  name: "Nina",
  challenge: "Ministrstva se med seboj ne pogovarjajo",
  edited: "Ministrstva in agencije se med seboj ne pogovarjajo",
  solution: "Skupna delovna skupina ministrstev in grozdov",
};
const RECOMMENDATION = "Közös minisztériumi–klaszter munkacsoport júniusig";
const OWNER = "Innovációs és Technológiai Minisztérium";
const RECOMMENDATION_BODY = "Negyedévente ülésezik; a klaszterek hozzák az eredményeiket.";
const TYPED = [
  EMAIL,
  "Eszter",
  WORKSHOP,
  HOST_ORG,
  VENUE,
  HOST_CHALLENGE,
  ...Object.values(LT),
  ...Object.values(SL),
  RECOMMENDATION,
  RECOMMENDATION_BODY,
  OWNER,
].sort((a, b) => b.length - a.length);

/** The English strings a screen shows, with their keys. */
async function englishOn(screen: Screen): Promise<string[]> {
  let text = await screenText(screen.page);
  for (const typed of TYPED) text = text.split(typed).join("\n¦\n");
  return ENGLISH[screen.language].filter(({ text: e }) => containsWords(text, e)).map(({ key, text: e }) => `“${e}” (${key})`);
}

test("a Hungarian facilitator, a Lithuanian and a Slovenian phone and a Slovenian projector: no English on any screen all day", async ({
  openContext,
}, testInfo) => {
  test.setTimeout(180_000);
  const found: string[] = [];
  const seen: string[] = [];
  const refusals: string[] = [];
  const screens: Screen[] = [];
  /** Every screen, in its language, now: `<html lang>`, and no English string. */
  const checkAll = async (step: string) => {
    for (const screen of screens) {
      await expect(screen.page.locator("html"), `${step}: ${screen.name}`).toHaveAttribute("lang", screen.language);
      const leaks = await englishOn(screen);
      for (const leak of leaks) found.push(`${step} · ${screen.name}: ${leak}`);
      seen.push(`── ${step} · ${screen.name} (${screen.language}) ──\n${await screenText(screen.page)}`);
      expect.soft(leaks, `English on the ${screen.name} (${screen.language}) at ${step}`).toEqual([]);
    }
    writeFileSync(testInfo.outputPath("screens.txt"), seen.join("\n\n"));
  };

  // ── The facilitator signs up and creates the workshop, in Hungarian. ──
  const page = await (await openContext({ locale: "hu-HU" })).newPage();
  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("lang", "hu");
  await page.getByLabel(s("hu", "facilitator:auth.name")).fill("Eszter");
  await page.getByRole("textbox", { name: s("hu", "facilitator:auth.email"), exact: true }).fill(EMAIL);
  await page.getByRole("textbox", { name: s("hu", "facilitator:auth.password"), exact: true }).fill("correct horse battery");
  await page.getByRole("button", { name: s("hu", "facilitator:auth.submitSignup") }).click();
  await expect(page.getByRole("heading", { name: s("hu", "facilitator:workshops.myTitle") })).toBeVisible();
  screens.push({ name: "facilitator", page, language: "hu" });
  await checkAll("my workshops");

  await page.getByRole("link", { name: s("hu", "facilitator:workshops.create") }).click();
  await page.getByRole("textbox", { name: s("hu", "facilitator:create.workshopTitle"), exact: true }).fill(WORKSHOP);
  await page.getByRole("textbox", { name: s("hu", "facilitator:create.hostOrganisation"), exact: true }).fill(HOST_ORG);
  await page.getByRole("textbox", { name: s("hu", "facilitator:create.venue"), exact: true }).fill(VENUE);
  await checkAll("new workshop form");
  await page.getByRole("button", { name: s("hu", "facilitator:create.submit") }).click();
  await expect(page.getByRole("heading", { level: 1, name: WORKSHOP })).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online");
  const participantLink = (await page.getByTestId("participant-link").textContent()) ?? "";
  const displayLink = (await page.getByTestId("display-link").textContent()) ?? "";
  await page.getByLabel(s("hu", "room:contribute.challengeTitle")).fill(HOST_CHALLENGE);
  await page.getByRole("button", { name: s("hu", "room:contribute.submitChallenge") }).click();
  await expect(page.getByTestId("wall").getByText(HOST_CHALLENGE)).toBeVisible();

  // ── The projector (Slovenian) and the phones (Lithuanian, Slovenian) join. ──
  const projector = await (await openContext({ locale: "sl-SI", viewport: { width: 1280, height: 720 } })).newPage();
  await projector.goto(displayLink);
  await expect(projector.getByTestId("connection")).toHaveAttribute("data-status", "online");
  screens.push({ name: "projector", page: projector, language: "sl" });

  const lt = await (await openContext({ ...PHONE, locale: "lt-LT" })).newPage();
  const sl = await (await openContext({ ...PHONE, locale: "sl-SI" })).newPage();
  const phones = [
    { phone: lt, language: "lt" as const, helix: "academia", typed: LT },
    { phone: sl, language: "sl" as const, helix: "government", typed: SL },
  ];
  for (const { phone, language } of phones) {
    await phone.goto(participantLink);
    await expect(phone.getByTestId("join-form")).toBeVisible();
    screens.push({ name: `${language} phone`, page: phone, language });
  }
  await checkAll("join form");
  for (const { phone, language, helix, typed } of phones) {
    await phone.getByTestId(`helix-option-${helix}`).click();
    await phone.getByTestId("role-option-local_stakeholder").click();
    await phone.getByLabel(s(language, "room:phone.displayName")).fill(typed.name);
    await phone.getByRole("button", { name: s(language, "room:phone.submit"), exact: true }).click();
    await expect(phone.getByTestId("speaking-for")).toBeVisible();
    await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "online");
  }

  // ── Lobby ──
  await expect(projector.getByTestId("display-total")).toHaveText("2");
  await expect(page.getByTestId("joined-count")).toContainText("2");
  for (const { phone } of phones) await expect(phone.getByTestId("youre-in")).toBeVisible();
  await checkAll("lobby");

  // ── Challenges, with a timer; each phone sends one and starts editing it. ──
  const goTo = async (kind: string) => {
    await page.getByRole("button", { name: `${s("hu", "facilitator:run.goTo")}: ${s("hu", `room:step.kind.${kind}`)}` }).click();
    await expect(projector.getByTestId("display-step-title")).toHaveText(s("sl", `room:step.kind.${kind}`));
    for (const { phone, language } of phones)
      await expect(phone.getByTestId("phone-step-title")).toHaveText(s(language, `room:step.kind.${kind}`));
  };
  await goTo("collect_challenges");
  await page.getByRole("button", { name: s("hu", "room:timer.set") }).click();
  await page.getByRole("button", { name: s("hu", "room:timer.start"), exact: true }).click();
  await expect(projector.getByTestId("countdown")).toHaveAttribute("data-running", "true");
  for (const { phone, language, typed } of phones) {
    await phone.getByLabel(s(language, "room:contribute.challengeTitle")).fill(typed.challenge);
    await phone.getByRole("button", { name: s(language, "room:contribute.submitChallenge") }).click();
    await expect(phone.getByTestId("my-contribution").filter({ hasText: typed.challenge })).toHaveAttribute(
      "data-status",
      "sent",
    );
    await expect(phone.getByTestId("submit-notice")).toBeVisible();
  }
  for (const title of [HOST_CHALLENGE, LT.challenge, SL.challenge]) {
    await expect(projector.getByTestId("stage").getByText(title)).toBeVisible();
    await expect(page.getByTestId("wall").getByText(title)).toBeVisible();
  }
  await checkAll("challenges");
  for (const { phone, language, typed } of phones) {
    const mine = phone.getByTestId("my-contribution").filter({ hasText: typed.challenge });
    await mine.getByRole("button", { name: s(language, "room:contribute.edit") }).click();
    await phone.getByLabel(s(language, "room:contribute.challengeTitle")).last().fill(typed.edited);
  }
  await checkAll("challenges, editing");

  // ── The challenge vote, results hidden; the phones' edits are refused in their languages. ──
  await goTo("vote_challenges");
  await page.getByTestId("vote-settings").getByText(s("hu", "facilitator:voteSettings.hidden"), { exact: true }).click();
  await page.getByRole("button", { name: s("hu", "facilitator:voteSettings.save") }).click();
  await expect(page.getByRole("button", { name: s("hu", "facilitator:voteSettings.reveal") })).toBeVisible();
  for (const { phone, language } of phones) {
    await expect(phone.getByTestId("ballot")).toBeVisible();
    await phone.getByRole("button", { name: s(language, "room:contribute.save") }).click();
    // The refusal in the phone's language, and why: the step is over.
    const alert = phone.getByRole("alert").filter({ hasText: s(language, "room:errors.reason.stepOverForChanges") });
    await expect(alert).toBeVisible();
    refusals.push(`${language} phone: ${await alert.textContent()}`);
    expect(await englishOn({ name: `${language} phone`, page: phone, language }), "the refusal is not English").toEqual([]);
  }
  await checkAll("vote, edits refused");
  for (const { phone } of phones) {
    for (const title of [HOST_CHALLENGE, phone === lt ? SL.challenge : LT.challenge]) {
      const item = phone.getByTestId("ballot-item").filter({ hasText: title });
      await item.getByRole("button").last().click();
      await expect(item).toHaveAttribute("data-points", "1");
    }
  }
  await expect(projector.getByTestId("turnout-total")).toBeVisible();
  await expect(projector.getByTestId("results-hidden")).toBeVisible();
  for (const { phone } of phones) await expect(phone.getByTestId("results-hidden")).toBeVisible();
  await checkAll("vote, results hidden");

  // ── Reveal ──
  await page.getByRole("button", { name: s("hu", "facilitator:voteSettings.reveal") }).click();
  await expect(projector.getByTestId("results").getByTestId("result-item").first()).toContainText(HOST_CHALLENGE);
  for (const { phone } of phones) await expect(phone.getByTestId("phone-results")).toContainText(HOST_CHALLENGE);
  await expect(page.getByTestId("results")).toBeVisible();
  await checkAll("results revealed");

  // ── Solutions ──
  await goTo("collect_solutions");
  for (const { phone, language, typed } of phones) {
    await choose(phone, phone.getByTestId("solution-challenge"), HOST_CHALLENGE);
    await phone.getByLabel(s(language, "room:contribute.solutionTitle")).fill(typed.solution);
    await phone.getByRole("button", { name: s(language, "room:contribute.submitSolution") }).click();
    await expect(phone.getByTestId("my-contribution").filter({ hasText: typed.solution })).toHaveAttribute("data-status", "sent");
  }
  for (const title of [LT.solution, SL.solution]) await expect(projector.getByTestId("stage").getByText(title)).toBeVisible();
  await checkAll("solutions");

  // ── Recommendations: drafted by the facilitator, endorsed on both phones. ──
  await goTo("recommendations");
  for (const { phone } of phones) await expect(phone.getByTestId("phone-recommendations")).toBeVisible();
  await checkAll("recommendations, none yet");
  await page.getByTestId("add-recommendation").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox", { name: s("hu", "room:recommendations.fields.title"), exact: true }).fill(RECOMMENDATION);
  await dialog.getByRole("textbox", { name: s("hu", "room:recommendations.fields.body"), exact: true }).fill(RECOMMENDATION_BODY);
  await dialog.getByRole("textbox", { name: s("hu", "room:recommendations.fields.ownerOrganisation") }).fill(OWNER);
  await checkAll("recommendation form");
  await dialog.getByRole("button", { name: s("hu", "room:recommendations.add") }).click();
  await expect(dialog).toBeHidden();
  for (const { phone } of phones) {
    const endorse = phone.getByTestId("endorse");
    await endorse.click();
    await expect(endorse).toHaveAttribute("aria-pressed", "true");
  }
  const onProjector = projector.getByTestId("display-recommendations").getByTestId("recommendation");
  await expect(onProjector.getByTestId("recommendation-title")).toHaveText(RECOMMENDATION);
  await expect(onProjector.getByTestId("endorsements-academia")).toContainText("1");
  await expect(onProjector.getByTestId("endorsements-government")).toContainText("1");
  await checkAll("recommendations, endorsed");

  // ── The export menu, then the close. ──
  await page.getByTestId("export-menu").click();
  await expect(page.getByTestId("export-pdf")).toBeVisible();
  await checkAll("export menu");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("export-pdf")).toBeHidden();
  await page.getByRole("button", { name: s("hu", "facilitator:workshop.close") }).click();
  await expect(page.getByTestId("workshop-status")).toHaveText(s("hu", "room:status.closed"));
  await expect(projector.getByTestId("display-closing")).toBeVisible();
  await expect(projector.getByTestId("closing-recommendations")).toContainText(RECOMMENDATION);
  for (const { phone } of phones) await expect(phone.getByTestId("closed-notice")).toBeVisible();
  await checkAll("closed");

  await testInfo.attach("screens.txt", { path: testInfo.outputPath("screens.txt"), contentType: "text/plain" });
  await testInfo.attach("refusals.txt", { body: refusals.join("\n"), contentType: "text/plain" });
  expect(found, "English strings on non-English screens").toEqual([]);
});
