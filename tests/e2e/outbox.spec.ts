import type { BrowserContext, Page } from "@playwright/test";
import { createWorkshopViaUi, expect, joinFromPhone, PHONE, seriousA11yViolations, signUpFacilitator, test } from "./fixtures";

/**
 * Issue 11: nothing typed is lost, for every write. A phone on venue Wi-Fi loses the connection
 * while its owner edits and withdraws her challenges, votes and endorses; all of it waits on the
 * phone and reaches the room exactly once when the Wi-Fi returns. What the server refuses for good
 * (the room moved past the vote meanwhile) stays on the phone, with what it was, why, in the
 * phone's language, and a Copy button; at 360 px, axe-clean.
 */
const PLATFORM = "Building a sustainable co-creation platform";
const COHERENCE = "Policy coherence between ministries";
const SILOS = "Hospitals keep their data in silos";
const SILOS_REWORDED = "Hospitals and clinics keep their data in silos";
const REGRETTED = "A challenge Béla regrets";
const OFFLINE_NEW = "Too many parallel cluster initiatives";
const RECOMMENDATION = "Set up a ministry–cluster working group by June";

/** The phone loses the Wi-Fi, and says so. */
async function goOffline(context: BrowserContext, phone: Page) {
  await context.setOffline(true);
  await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "offline");
}
async function goOnline(context: BrowserContext, phone: Page) {
  await context.setOffline(false);
  await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "online");
}

/** No sideways scrolling at 360 px: the page is no wider than the phone. */
async function expectFits(phone: Page) {
  const { scrollWidth, width } = await phone.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** Eszter's laptop with a new workshop and two of the host's challenges on its wall. */
async function workshopWithChallenges(page: Page, title: string) {
  await signUpFacilitator(page, "Eszter");
  const links = await createWorkshopViaUi(page, { title });
  for (const challenge of [PLATFORM, COHERENCE]) {
    await page.getByLabel("Your challenge").fill(challenge);
    await page.getByRole("button", { name: "Submit challenge" }).click();
    await expect(page.getByTestId("wall").getByText(challenge)).toBeVisible();
  }
  return links;
}

const raw = (page: Page, title: string) =>
  page.getByTestId("results").getByTestId("result-item").filter({ hasText: title }).getByTestId("result-raw");

test("offline, a phone edits, withdraws, submits, votes and endorses; back online, each reaches the room exactly once", async ({
  page,
  openContext,
}) => {
  test.setTimeout(150_000);
  const { participantLink, displayLink } = await workshopWithChallenges(page, "Outbox for every write");
  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  const context = await openContext(PHONE);
  const bela = await joinFromPhone(context, participantLink, "business", "Béla");
  bela.on("dialog", (dialog) => void dialog.accept());

  // Challenges: two sent while online.
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  await expect(bela.getByTestId("phone-step-title")).toHaveText("Challenges");
  for (const title of [SILOS, REGRETTED]) {
    await bela.getByLabel("Your challenge").fill(title);
    await bela.getByRole("button", { name: "Submit challenge" }).click();
    await expect(bela.getByTestId("my-contribution").filter({ hasText: title })).toHaveAttribute("data-status", "sent");
  }
  await expect(page.getByTestId("wall").getByText(REGRETTED)).toBeVisible();

  // Offline: Béla rewords one, withdraws the other, and adds a third.
  await goOffline(context, bela);
  const mine = bela.getByTestId("my-contributions");
  await mine.getByTestId("my-contribution").filter({ hasText: SILOS }).getByRole("button", { name: "Edit" }).click();
  await mine.getByRole("textbox", { name: "Your challenge" }).fill(SILOS_REWORDED);
  await mine.getByRole("button", { name: "Save" }).click();
  await mine.getByTestId("my-contribution").filter({ hasText: REGRETTED }).getByRole("button", { name: "Withdraw" }).click();
  await bela.getByLabel("Your challenge").fill(OFFLINE_NEW);
  await bela.getByRole("button", { name: "Submit challenge" }).click();
  // Each waits on the phone, shown as it will be; the room has seen none of it.
  await expect(mine.getByTestId("my-contribution").filter({ hasText: SILOS_REWORDED })).toHaveAttribute("data-pending", "edit");
  await expect(mine.getByTestId("my-contribution").filter({ hasText: REGRETTED })).toHaveAttribute("data-pending", "withdraw");
  await expect(mine.locator('[data-testid="my-contribution"][data-status="waiting"]')).toHaveText(/Too many parallel/);
  await expect(page.getByTestId("wall").getByText(SILOS_REWORDED)).toHaveCount(0);
  await expect(page.getByTestId("wall").getByText(REGRETTED)).toHaveCount(1);

  await goOnline(context, bela);
  await expect(mine.locator("[data-pending]")).toHaveCount(0);
  // The facilitator's wall (withdrawn cards are set apart there, not shown as visible) and the projector.
  for (const wall of [page.getByTestId("wall").locator('[data-status="visible"]'), projector.getByTestId("wall")]) {
    await expect(wall.getByText(SILOS_REWORDED, { exact: true })).toHaveCount(1);
    await expect(wall.getByText(SILOS, { exact: true })).toHaveCount(0);
    await expect(wall.getByText(REGRETTED)).toHaveCount(0);
    await expect(wall.getByText(OFFLINE_NEW)).toHaveCount(1);
  }

  // The vote: offline, Béla taps ten times; the ballot follows every tap at once.
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await expect(bela.getByTestId("points-left")).toHaveText("5 points left");
  await goOffline(context, bela);
  await expect(bela.getByTestId("ballot")).toContainText("You are offline: your points are kept on this phone");
  const plus = (title: string) => bela.getByRole("button", { name: `Add a point to “${title}”` });
  const minus = (title: string) => bela.getByRole("button", { name: `Take a point from “${title}”` });
  const item = (title: string) => bela.getByTestId("ballot-item").filter({ hasText: title });
  for (let i = 0; i < 3; i++) await plus(PLATFORM).click();
  await expect(plus(PLATFORM)).toBeDisabled(); // the cap, from the domain's rule, on the points shown
  await minus(PLATFORM).click();
  for (let i = 0; i < 2; i++) await plus(COHERENCE).click();
  await minus(COHERENCE).click();
  await plus(SILOS_REWORDED).click();
  await minus(SILOS_REWORDED).click();
  await plus(COHERENCE).click();
  await expect(item(PLATFORM)).toHaveAttribute("data-points", "2");
  await expect(item(COHERENCE)).toHaveAttribute("data-points", "2");
  await expect(item(SILOS_REWORDED)).toHaveAttribute("data-points", "0");
  await expect(bela.getByTestId("points-left")).toHaveText("1 point left");
  await expect(item(PLATFORM).getByTestId("vote-waiting")).toBeVisible();
  await expect(raw(page, PLATFORM)).toHaveText("0 points");

  await goOnline(context, bela);
  await expect(bela.getByTestId("vote-waiting")).toHaveCount(0);
  await expect(raw(page, PLATFORM)).toHaveText("2 points");
  await expect(raw(page, COHERENCE)).toHaveText("2 points");
  await expect(bela.getByTestId("points-left")).toHaveText("1 point left");
  // After a reload the phone shows what the server holds: the same.
  await bela.reload();
  await expect(item(PLATFORM)).toHaveAttribute("data-points", "2");
  await expect(bela.getByTestId("points-left")).toHaveText("1 point left");

  // The recommendations: offline, Béla endorses, takes it back, endorses again.
  await page.getByRole("button", { name: "Go to this step: Recommendations" }).click();
  await page.getByTestId("add-recommendation").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Recommendation").fill(RECOMMENDATION);
  await dialog.getByPlaceholder("e.g. Ministry for Innovation").fill("Ministry for Innovation");
  await dialog.getByRole("button", { name: "Add recommendation" }).click();
  await expect(dialog).toBeHidden();
  const endorse = bela.getByTestId("endorse");
  await expect(endorse).toHaveText("Endorse");
  await goOffline(context, bela);
  await endorse.click();
  await expect(endorse).toHaveText("Endorsed ✓");
  await endorse.click();
  await expect(endorse).toHaveText("Endorse");
  await endorse.click();
  await expect(endorse).toHaveAttribute("aria-pressed", "true");
  await expect(bela.getByTestId("endorse-waiting")).toBeVisible();
  const onFacilitator = page.getByTestId("recommendations-panel").getByTestId("recommendation").getByTestId("endorsements");
  await expect(onFacilitator).toContainText("0 endorsements");

  await goOnline(context, bela);
  await expect(bela.getByTestId("endorse-waiting")).toHaveCount(0);
  await expect(onFacilitator).toContainText("1 endorsement");
  await expect(projector.getByTestId("display-recommendations").getByTestId("endorsements-business")).toHaveText("Business: 1");
  await expect(endorse).toHaveText("Endorsed ✓");
  // Nothing was refused, nothing waits.
  await expect(bela.getByTestId("not-sent")).toHaveCount(0);
  expect(
    await bela.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith("helix-review:outbox:"))
        .map((k) => localStorage.getItem(k)),
    ),
  ).toEqual(["[]"]);
});

test("votes queued offline that the server refuses once the room moved on are shown with what they were, why, in the phone's language, and can be copied", async ({
  page,
  openContext,
}) => {
  test.setTimeout(120_000);
  const { participantLink } = await workshopWithChallenges(page, "Refused after the vote");
  const annaContext = await openContext({ ...PHONE, locale: "en-GB" });
  await annaContext.grantPermissions(["clipboard-read", "clipboard-write"]);
  const anna = await joinFromPhone(annaContext, participantLink, "academia", "Anna");
  const bencheContext = await openContext({ ...PHONE, locale: "hu-HU" });
  const bence = await bencheContext.newPage();
  await bence.goto(participantLink);
  await bence.getByTestId("helix-option-community").click();
  await bence.getByTestId("role-option-local_stakeholder").click();
  await bence.getByRole("button", { name: "Csatlakozom" }).click();
  await expect(bence.getByTestId("connection")).toHaveAttribute("data-status", "online");

  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await expect(anna.getByTestId("points-left")).toHaveText("5 points left");
  await expect(bence.getByTestId("points-left")).toHaveText("5 pont maradt");

  // Both lose the Wi-Fi and vote; meanwhile the facilitator moves the room on.
  await goOffline(annaContext, anna);
  await goOffline(bencheContext, bence);
  for (let i = 0; i < 3; i++) await anna.getByRole("button", { name: `Add a point to “${PLATFORM}”` }).click();
  await bence.getByRole("button", { name: `Egy pont hozzáadása: „${COHERENCE}”` }).click();
  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  await expect(page.locator('[data-testid="agenda-step"][data-current="true"]')).toHaveAttribute(
    "data-kind",
    "collect_solutions",
  );

  await goOnline(annaContext, anna);
  await goOnline(bencheContext, bence);
  const refusal = anna.getByTestId("not-sent").getByTestId("outbox-refusal");
  await expect(refusal).toHaveCount(1);
  await expect(refusal.getByTestId("refused-text")).toHaveText(`3 points on “${PLATFORM}”`);
  await expect(refusal.getByTestId("refusal-reason")).toHaveText("Not sent: This vote is over: the room has moved on.");
  const hu = bence.getByTestId("not-sent").getByTestId("outbox-refusal");
  await expect(bence.getByTestId("not-sent").getByRole("heading")).toHaveText("A szerver nem fogadta el");
  await expect(hu.getByTestId("refused-text")).toHaveText(`1 pont erre: „${COHERENCE}”`);
  await expect(hu.getByTestId("refusal-reason")).toHaveText(
    "Nem sikerült elküldeni: Ez a szavazás véget ért: a terem már továbblépett.",
  );
  await expect(hu.getByRole("button", { name: /^Másolás/ })).toBeVisible();
  // Nothing was counted: back in the vote, the server gives both their whole budget, and the
  // refusals stay until dismissed.
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await expect(anna.getByTestId("points-left")).toHaveText("5 points left");
  await expect(anna.getByTestId("ballot-item").filter({ hasText: PLATFORM })).toHaveAttribute("data-points", "0");
  await expect(bence.getByTestId("points-left")).toHaveText("5 pont maradt");
  await expect(refusal).toHaveCount(1);

  // The card fits the phone, passes axe, and its buttons are thumb-sized.
  for (const phone of [anna, bence]) {
    await expectFits(phone);
    expect(await seriousA11yViolations(phone)).toEqual([]);
  }
  for (const button of [refusal.getByTestId("copy-refused"), refusal.getByTestId("dismiss-refusal")]) {
    const box = await button.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  }
  await anna.evaluate(() => window.scrollTo(0, 0));
  await refusal.screenshot({ path: "/tmp/outbox-refusal-en.png" });
  await anna.screenshot({ path: "/tmp/outbox-refusal-page-en.png", fullPage: true, scale: "css" });
  await bence.screenshot({ path: "/tmp/outbox-refusal-page-hu.png", fullPage: true, scale: "css" });

  // Copy puts what it was on the clipboard.
  await refusal.getByRole("button", { name: `Copy: 3 points on “${PLATFORM}”` }).click();
  await expect(refusal.getByTestId("copy-status")).toHaveText("Copied.");
  expect(await anna.evaluate(() => navigator.clipboard.readText())).toBe(`3 points on “${PLATFORM}”`);

  // It stays across a reload until dismissed.
  await anna.reload();
  await expect(refusal).toHaveCount(1);
  await refusal.getByRole("button", { name: /^Dismiss/ }).click();
  await expect(anna.getByTestId("not-sent")).toHaveCount(0);
});
