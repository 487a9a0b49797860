import type { Page } from "@playwright/test";
import { choose, createWorkshopViaUi, expect, PHONE, seriousA11yViolations, signUpFacilitator, test } from "./fixtures";

/**
 * Issue 10: the Budapest day on two 360 px phones, one in English and one in Hungarian. In every
 * step both phones fit the screen (no sideways scrolling), pass axe, and tell one story: a refused
 * submission shows only the refusal, the ballot says why "+" is off, revealed results come before
 * the ballot and live ones after it, the turnout shows while results are hidden, and the lobby does
 * not ask the joined to join.
 */
const HOST = "Building a sustainable co-creation platform for the innovation ecosystem";
const ANNA_CHALLENGE = "Interoperability requirements for cross-organisational data-sharing infrastructures";
// The longest Hungarian word: it must wrap, not push the page sideways.
const BENCE_CHALLENGE = "Megszentségteleníthetetlenségeskedéseitekért nem jut idő a klaszterekben";
const ANNA_SOLUTION = "A national co-creation platform run by the cluster association";
const BENCE_SOLUTION = "Betegszervezetek minden klaszter vezetőségében";
const LATE_SOLUTION = "Egy késve érkező megoldás, amikor a terem már szavaz";
const RECOMMENDATION = "Set up the co-creation platform by June";

type Lang = "en" | "hu";

/** No sideways scrolling: the page is no wider than the phone (the first elements past the edge are named). */
async function expectFits(phone: Page, label: string) {
  const wide = await phone.evaluate(() => {
    const width = window.innerWidth;
    const over = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.getClientRects().length > 0)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? "").slice(0, 40)}"`);
    return { scrollWidth: document.documentElement.scrollWidth, width, over };
  });
  expect.soft(wide.scrollWidth, `${label} is wider than the screen: ${wide.over.join(" | ")}`).toBeLessThanOrEqual(wide.width);
}

/** The page fits the phone's width, passes axe, and is kept as /tmp/phone-<step>-<lang>.png to look at. */
async function checkFit(phone: Page, step: string, lang: Lang) {
  await expectFits(phone, `${step} (${lang})`);
  expect.soft(await seriousA11yViolations(phone), `axe: ${step} (${lang})`).toEqual([]);
  await phone.evaluate(() => window.scrollTo(0, 0));
  await phone.screenshot({ path: `/tmp/phone-${step}-${lang}.png`, fullPage: true, scale: "css" });
}

/** A phone on the join form says who it speaks for and joins, in its own language. */
async function join(phone: Page, helix: string, name: string, labels: { name: string; join: string; youreIn: string }) {
  await phone.getByTestId(`helix-option-${helix}`).click();
  await phone.getByTestId("role-option-local_stakeholder").click();
  await phone.getByLabel(labels.name).fill(name);
  await phone.getByRole("button", { name: labels.join }).click();
  await expect(phone.getByTestId("youre-in")).toHaveText(labels.youreIn);
  await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "online");
}

/** A refused submission: only the refusal, and a dismiss button a thumb can hit and a screen reader names. */
async function expectOnlyRefusal(phone: Page, title: string, texts: { sent: string; notSent: string; dismiss: string }) {
  const card = phone.locator('[data-testid="my-contribution"][data-status="failed"]').filter({ hasText: title.slice(0, 30) });
  await expect(card).toBeVisible();
  await expect(card).toContainText(texts.notSent);
  await expect(phone.getByText(texts.sent)).toHaveCount(0);
  await expect(phone.getByTestId("submit-notice")).toHaveCount(0);
  const dismiss = card.getByRole("button", { name: new RegExp(texts.dismiss) });
  const box = await dismiss.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  return dismiss;
}

test("two 360 px phones, English and Hungarian, fit and tell one story in every step of the day", async ({
  page,
  openContext,
}) => {
  test.setTimeout(240_000);
  await signUpFacilitator(page, "Eszter");
  const { participantLink } = await createWorkshopViaUi(page, { title: "Clusters and the quadruple helix" });
  await page.getByLabel("Your challenge").fill(HOST);
  await page.getByRole("button", { name: "Submit challenge" }).click();
  await expect(page.getByTestId("wall").getByText(HOST)).toBeVisible();

  const anna = await (await openContext({ ...PHONE, locale: "en-GB" })).newPage();
  const bencheContext = await openContext({ ...PHONE, locale: "hu-HU" });
  const bence = await bencheContext.newPage();
  const phones = { en: anna, hu: bence } as const;
  const checkBoth = (step: string) =>
    Promise.all(Object.entries(phones).map(([lang, phone]) => checkFit(phone, step, lang as Lang)));

  // The code page and the join form, in both languages.
  await Promise.all([anna.goto("/join"), bence.goto("/join")]);
  await expect(bence.getByRole("heading", { name: "Csatlakozás egy műhelyhez" })).toBeVisible();
  await Promise.all([expectFits(anna, "/join (en)"), expectFits(bence, "/join (hu)")]);
  await Promise.all([anna.goto(participantLink), bence.goto(participantLink)]);
  await expect(bence.getByRole("button", { name: "Csatlakozom" })).toBeVisible();
  await checkBoth("join");
  await join(anna, "business", "Anna", { name: "Your name (optional)", join: "Join", youreIn: "You're in!" });
  await join(bence, "community", "Bence", { name: "Az Ön neve (nem kötelező)", join: "Csatlakozom", youreIn: "Bent van!" });

  // Lobby: the joined are not asked to join.
  await expect(anna.getByText(/join with your phone/i)).toHaveCount(0);
  await expect(bence.getByText(/Csatlakozzon a telefonjával/)).toHaveCount(0);
  await expect(anna.getByTestId("room-count")).toHaveText("2 people in the room");
  await checkBoth("lobby");

  // Challenges.
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  await expect(anna.getByTestId("phone-step-title")).toHaveText("Challenges");
  await expect(bence.getByTestId("phone-step-title")).toHaveText("Kihívások");
  await anna.getByLabel("Your challenge").fill(ANNA_CHALLENGE);
  await anna.getByRole("button", { name: "Submit challenge" }).click();
  await expect(anna.getByTestId("my-contribution").filter({ hasText: ANNA_CHALLENGE })).toHaveAttribute("data-status", "sent");
  await expect(anna.getByTestId("submit-notice")).toHaveText(/Sent — thank you!/);
  await bence.getByLabel("Az Ön kihívása").fill(BENCE_CHALLENGE);
  await bence.getByRole("button", { name: "Kihívás beküldése" }).click();
  await expect(bence.getByTestId("my-contribution").filter({ hasText: BENCE_CHALLENGE })).toHaveAttribute("data-status", "sent");

  // A title longer than the server takes (past the field's own limit): refused, and only refused.
  const field = anna.getByLabel("Your challenge");
  await field.evaluate((input) => input.removeAttribute("maxlength"));
  const tooLong = `Too long ${"x".repeat(130)}`;
  await field.fill(tooLong);
  await anna.getByRole("button", { name: "Submit challenge" }).click();
  const dismiss = await expectOnlyRefusal(anna, tooLong, {
    sent: "Sent — thank you!",
    notSent: "Not sent",
    dismiss: "Dismiss",
  });
  await expect(anna.locator('[data-testid="my-contribution"][data-status="failed"]')).toContainText("At most 120 characters");
  await checkBoth("challenges");
  await dismiss.click();
  await expect(anna.locator('[data-testid="my-contribution"][data-status="failed"]')).toHaveCount(0);

  // The challenge vote, results hidden until revealed.
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await page.getByTestId("vote-settings").getByText("Hidden until revealed").click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("button", { name: "Reveal results" })).toBeVisible();
  await expect(anna.getByTestId("points-left")).toHaveText("5 points left");
  const plus = (title: string) => anna.getByRole("button", { name: `Add a point to “${title}”` });
  const ballotItem = (title: string) => anna.getByTestId("ballot-item").filter({ hasText: title });
  // Three on one item is the cap: its "+" goes off, and the phone says why.
  for (let i = 0; i < 3; i++) await plus(HOST).click();
  await expect(ballotItem(HOST)).toHaveAttribute("data-points", "3");
  await expect(plus(HOST)).toBeDisabled();
  await expect(ballotItem(HOST).getByTestId("add-refusal")).toHaveText("At most 3 on one item");
  await expect(plus(BENCE_CHALLENGE)).toBeEnabled();
  for (let i = 0; i < 2; i++) await plus(BENCE_CHALLENGE).click();
  await expect(anna.getByTestId("points-left")).toHaveText("0 points left");
  // The budget spent: every "+" is off, with the reason.
  for (const title of [HOST, BENCE_CHALLENGE]) await expect(plus(title)).toBeDisabled();
  await expect(anna.getByTestId("no-points-left")).toHaveText(/No points left/);
  await bence.getByRole("button", { name: `Egy pont hozzáadása: „${ANNA_CHALLENGE}”` }).click();
  await expect(bence.getByTestId("points-left")).toHaveText("4 pont maradt");
  // While hidden, the phones see who has voted, not the points.
  await expect(anna.getByTestId("results-hidden")).toBeVisible();
  await expect(anna.getByTestId("turnout")).toContainText("2 of 2 have voted");
  await expect(bence.getByTestId("turnout")).toContainText("2 főből 2 szavazott");
  await expect(anna.getByTestId("phone-results")).toHaveCount(0);
  await checkBoth("vote-hidden");

  // Revealed: the results come before the ballot, and say what the room average is.
  await page.getByRole("button", { name: "Reveal results" }).click();
  for (const phone of [anna, bence]) {
    await expect(phone.getByTestId("phone-results")).toBeVisible();
    const results = await phone.getByTestId("phone-results").boundingBox();
    const ballot = await phone.getByTestId("ballot").boundingBox();
    expect(ballot && results, "ballot and results laid out").toBeTruthy();
    expect(results?.y ?? 0, "results above the ballot").toBeLessThan(ballot?.y ?? 0);
  }
  await expect(anna.getByTestId("own-helix-support").first()).toContainText("average of the helices present");
  await expect(bence.getByTestId("own-helix-support").first()).toContainText("a jelen lévő spirálok átlaga");
  await checkBoth("vote-revealed");

  // Solutions.
  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  await expect(anna.getByTestId("phone-step-title")).toHaveText("Solutions");
  await choose(anna, anna.getByTestId("solution-challenge"), HOST);
  await anna.getByLabel("Your solution").fill(ANNA_SOLUTION);
  await anna.getByRole("button", { name: "Submit solution" }).click();
  await expect(anna.getByTestId("my-contribution").filter({ hasText: ANNA_SOLUTION })).toHaveAttribute("data-status", "sent");
  await choose(bence, bence.getByTestId("solution-challenge"), BENCE_CHALLENGE);
  await bence.getByLabel("Az Ön megoldása").fill(BENCE_SOLUTION);
  await bence.getByRole("button", { name: "Megoldás beküldése" }).click();
  await expect(bence.getByTestId("my-contribution").filter({ hasText: BENCE_SOLUTION })).toHaveAttribute("data-status", "sent");
  await checkBoth("solutions");

  // Bence's Wi-Fi drops; he sends one more solution while the room moves on to the vote.
  await bencheContext.setOffline(true);
  await expect(bence.getByTestId("connection")).toHaveAttribute("data-status", "offline");
  await choose(bence, bence.getByTestId("solution-challenge"), HOST);
  await bence.getByLabel("Az Ön megoldása").fill(LATE_SOLUTION);
  await bence.getByRole("button", { name: "Megoldás beküldése" }).click();
  await expect(bence.getByTestId("submit-notice")).toContainText("Nincs kapcsolat");
  await checkFit(bence, "offline", "hu");
  await page.getByRole("button", { name: "Go to this step: Vote on solutions" }).click();
  await expect(anna.getByTestId("phone-step-title")).toHaveText("Vote on solutions");
  await bencheContext.setOffline(false);
  await expect(bence.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await expect(bence.getByTestId("phone-step-title")).toHaveText("Szavazás a megoldásokról");
  await expectOnlyRefusal(bence, LATE_SOLUTION, {
    sent: "Elküldve — köszönjük",
    notSent: "Nem sikerült elküldeni",
    dismiss: "Elvetés",
  });

  // The solution vote (results live): before any point nothing is ranked "#1" — it says so.
  await expect(anna.getByTestId("phone-results-empty")).toHaveText("No votes yet.");
  await expect(anna.getByTestId("phone-results").getByTestId("result-item")).toHaveCount(0);
  await anna.getByRole("button", { name: `Add a point to “${BENCE_SOLUTION}”` }).click();
  await expect(anna.getByTestId("points-left")).toHaveText("4 points left");
  await bence.getByRole("button", { name: `Egy pont hozzáadása: „${ANNA_SOLUTION}”` }).click();
  await expect(bence.getByTestId("points-left")).toHaveText("4 pont maradt");
  await expect(anna.getByTestId("phone-results")).toBeVisible();
  // Results live: the ballot comes first — voting is what the phone is for — and the results follow it.
  for (const phone of [anna, bence]) {
    const ballot = await phone.getByTestId("ballot").boundingBox();
    const results = await phone.getByTestId("phone-results").boundingBox();
    expect(ballot && results, "ballot and results laid out").toBeTruthy();
    expect(ballot?.y ?? 0, "ballot above the live results").toBeLessThan(results?.y ?? 0);
  }
  await checkBoth("vote-solutions");

  // Recommendations, with one drafted.
  await page.getByRole("button", { name: "Go to this step: Recommendations" }).click();
  await expect(anna.getByTestId("phone-step-title")).toHaveText("Recommendations");
  await page.getByTestId("add-recommendation").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Recommendation").fill(RECOMMENDATION);
  await dialog.getByLabel("Details").fill("Quarterly meetings; the clusters bring their results.");
  await dialog.getByPlaceholder("e.g. Ministry for Innovation").fill("Ministry for Innovation");
  await dialog.getByRole("button", { name: "Add recommendation" }).click();
  await expect(dialog).toBeHidden();
  await expect(anna.getByTestId("recommendation-title")).toHaveText(RECOMMENDATION);
  await anna.getByTestId("endorse").click();
  await expect(anna.getByTestId("endorse")).toHaveAttribute("aria-pressed", "true");
  await expect(bence.getByTestId("recommendation-title")).toHaveText(RECOMMENDATION);
  await checkBoth("recommendations");

  // Closing.
  await page.getByRole("button", { name: "Go to this step: Closing" }).click();
  await expect(anna.getByTestId("phone-step-title")).toHaveText("Closing");
  await expect(bence.getByTestId("phone-step-title")).toHaveText("Zárás");
  await checkBoth("closing");
});
