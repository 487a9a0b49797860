import { copyFileSync } from "node:fs";
import type { Page, TestInfo } from "@playwright/test";
import {
  choose,
  createWorkshopViaUi,
  expect,
  joinFromPhone,
  PHONE,
  seriousA11yViolations,
  signUpFacilitator,
  test,
} from "./fixtures";

/**
 * The projector is a stage: the Budapest day on two projectors at once, a 1080p screen and a 720p
 * beamer. At every step the stage fills the screen without scrolling, the join code and address
 * are whole where they are shown, the text the room reads is at least 1/40 of the screen's height,
 * and axe finds nothing serious. Screenshots of every step are kept with the test's results.
 */
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
] as const;

const HOST_CHALLENGES = [
  "Building a sustainable co-creation platform for the innovation ecosystem",
  "Policy coherence between ministries, agencies and regional governance",
  "Recognising what each helix contributes to health clusters",
];
const PHONE_CHALLENGES = {
  government: [
    "Ministries do not see what clusters deliver at regional level",
    "Accreditation rules change faster than clusters can adapt",
    // Longer than a card's three lines: it ends in an ellipsis, on a whole line.
    "Grant calls ignore cross-border cooperation between the health and the ICT clusters of neighbouring regions",
  ],
  academia: [
    "Research results do not reach cluster companies",
    "Universities lack staff time for joint projects with SMEs",
    "No shared data space for health-technology pilots",
  ],
  business: [
    "Too many parallel cluster initiatives in the same sectors",
    "Membership fees keep small companies out of clusters",
    "International visibility of Hungarian clusters is limited",
  ],
} as const;
const SOLUTIONS = {
  government: "A joint ministry–cluster working group meeting every quarter",
  academia: "Shared research-to-market officers paid by three universities together",
  business: "One umbrella platform for every regional innovator, run by the cluster association",
} as const;
// Long enough for three lines: alone on its page, the projector shows it whole.
const RECOMMENDATION =
  "Set up the ministry–cluster working group by June 2025, with one shared data platform for the clusters, the universities and the municipalities of every region";

type Projector = { page: Page; width: number; height: number };

/** What a room needs of the stage in one step, checked on every projector; a screenshot of each is kept. */
async function checkStage(
  projectors: Projector[],
  step: string,
  testInfo: TestInfo,
  options: { join: boolean; axeEverySize?: boolean },
) {
  for (const [index, { page, width }] of projectors.entries()) {
    const label = `${step} at ${width}`;
    const path = testInfo.outputPath(`stage-${step}-${width}.png`);
    await page.screenshot({ path });
    copyFileSync(path, `/tmp/stage-${step}-${width}.png`);
    const fit = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
    }));
    expect(fit.scrollHeight, `${label}: no vertical scrolling`).toBeLessThanOrEqual(fit.innerHeight);
    expect(fit.scrollWidth, `${label}: no horizontal scrolling`).toBeLessThanOrEqual(fit.innerWidth);

    // Text the room reads: nothing under 1/40 of the screen's height (the connection dot and the
    // full-screen hint are for whoever runs the projector).
    const small = await page.evaluate(() => {
      const minimum = window.innerHeight / 40;
      const operator = '[data-testid="connection"], [data-testid="fullscreen-hint"]';
      return [...document.querySelectorAll<HTMLElement>('[data-testid="stage"] *')]
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()))
        .filter((el) => !el.closest(operator) && el.getClientRects().length > 0)
        .filter((el) => Number.parseFloat(getComputedStyle(el).fontSize) < minimum - 0.01)
        .map((el) => `${el.tagName} ${getComputedStyle(el).fontSize} “${el.textContent?.trim().slice(0, 40)}”`);
    });
    expect(small, `${label}: text smaller than 1/40 of the height`).toEqual([]);

    // Nothing cut: no card, column or row holds more than it shows (long titles end in an ellipsis).
    const cut = await page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          ["stage-body", "contribution", "display-pinned", "challenge-group", "result-item", "recommendation"]
            .map((id) => `[data-testid="${id}"]`)
            .join(", "),
        ),
      ]
        .filter(
          (el) =>
            el.scrollHeight > el.clientHeight + 1 ||
            (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== "ellipsis"),
        )
        .map((el) => `${el.dataset.testid} “${el.textContent?.trim().slice(0, 40)}”`),
    );
    expect(cut, `${label}: content cut off`).toEqual([]);

    // Clamped text shows whole lines, never a line sliced through (a card's column once shrank a title).
    const sliced = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="card-title"], [data-testid="recommendation-title"]')]
        .filter((el) => {
          const lines = el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight);
          return lines < 0.9 || Math.abs(lines - Math.round(lines)) > 0.1;
        })
        .map((el) => `${el.dataset.testid} “${el.textContent?.trim().slice(0, 40)}”`),
    );
    expect(sliced, `${label}: a line of text sliced`).toEqual([]);

    if (options.join) {
      for (const id of ["display-join-code", "display-join-url"]) {
        const box = await page.getByTestId(id).boundingBox();
        expect(box, `${label}: ${id} is shown`).not.toBeNull();
        if (!box) continue;
        expect(box.x, `${label}: ${id} inside the screen`).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${label}: ${id} inside the screen`).toBeLessThanOrEqual(fit.innerWidth);
        expect(box.y + box.height).toBeLessThanOrEqual(fit.innerHeight);
        // Whole, on one line: the text is as wide as it needs and no wider than its box.
        const whole = await page
          .getByTestId(id)
          .evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getClientRects().length === 1);
        expect(whole, `${label}: ${id} whole and on one line`).toBe(true);
      }
    } else {
      await expect(page.getByText("Join at")).toHaveCount(0);
      await expect(page.getByTestId("display-join-code")).toHaveCount(0);
    }

    // The 720p stage is the 1080p one scaled (same elements, same colours): axe there in a few steps.
    if (index === 0 || options.axeEverySize) expect(await seriousA11yViolations(page), `${label}: axe`).toEqual([]);
  }
}

/** Computed font size of the first element with this test id, against 1/40 of the screen height. */
async function expectReadable(page: Page, testId: string) {
  const { size, minimum } = await page
    .getByTestId(testId)
    .first()
    .evaluate((el) => ({ size: Number.parseFloat(getComputedStyle(el).fontSize), minimum: window.innerHeight / 40 }));
  expect(size, `${testId} is readable from the back`).toBeGreaterThanOrEqual(minimum);
}

test("the Budapest day on the projector's stage, at 1920×1080 and 1280×720", async ({ page, openContext }, testInfo) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUpFacilitator(page, "Eszter");
  const { participantLink, displayLink } = await createWorkshopViaUi(page, {
    title: "Improving the cooperation of clusters with the Hungarian Quadruple Helix",
    named: true,
  });
  for (const title of HOST_CHALLENGES) {
    await page.getByLabel("Your challenge").fill(title);
    await page.getByRole("button", { name: "Submit challenge" }).click();
    await expect(page.getByTestId("wall").getByText(title)).toBeVisible();
  }

  const projectors: Projector[] = [];
  for (const size of SIZES) {
    const projector = await (await openContext({ viewport: size })).newPage();
    await projector.goto(displayLink);
    await expect(projector.getByTestId("connection")).toHaveAttribute("data-status", "online");
    projectors.push({ page: projector, ...size });
  }
  const [big] = projectors;
  const everywhere = async (check: (p: Page) => Promise<void>) => {
    for (const { page: p } of projectors) await check(p);
  };

  // ── Lobby: the code and the QR are the hero; the room fills up by helix. ──
  const phones = {
    // A long name: the cards' byline stays one line (it took a line from the title above it).
    government: await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor-Zsigmond Kovács-Ferenczy"),
    academia: await joinFromPhone(await openContext(PHONE), participantLink, "academia", "Anna"),
    business: await joinFromPhone(await openContext(PHONE), participantLink, "business", "Béla"),
  };
  await everywhere(async (p) => {
    await expect(p.getByTestId("display-total")).toHaveText("3");
    await expect(p.getByTestId("absent-helices")).toContainText("Community");
    await expect(p.getByTestId("display-names")).toContainText("Béla");
    // The full-screen hint says how, then goes.
    await expect(p.getByTestId("fullscreen-hint")).toHaveCount(0, { timeout: 10_000 });
  });
  await expectReadable(big.page, "display-step-title");
  await checkStage(projectors, "lobby", testInfo, { join: true, axeEverySize: true });

  // ── Challenges: twelve of them, newest first, three by three; the wall turns its pages. ──
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  await page.getByRole("button", { name: "Set timer" }).click();
  await page.getByRole("button", { name: "Start", exact: true }).click();
  for (const round of [0, 1, 2]) {
    for (const [helix, phone] of Object.entries(phones)) {
      const title = PHONE_CHALLENGES[helix as keyof typeof PHONE_CHALLENGES][round];
      await phone.getByLabel("Your challenge").fill(title);
      await phone.getByRole("button", { name: "Submit challenge" }).click();
      await expect(phone.getByTestId("my-contribution").filter({ hasText: title })).toHaveAttribute("data-status", "sent");
    }
  }
  const newest = PHONE_CHALLENGES.business[2];
  await everywhere(async (p) => {
    await expect(p.getByTestId("display-count")).toHaveText("12 challenges");
    // The wall turns to page 2 and back on its own; newest first: the last one sent leads page 1.
    await expect(p.getByTestId("display-page")).toHaveText(/^Page 1 of 2/, { timeout: 21_000 });
    await expect(p.getByTestId("wall").getByTestId("contribution").first()).toContainText(newest);
    await expect(p.getByTestId("countdown")).toHaveAttribute("data-running", "true");
  });
  await expectReadable(big.page, "card-title");
  await expectReadable(big.page, "countdown");
  await checkStage(projectors, "challenges", testInfo, { join: true });

  // A pinned challenge is shown once, large, above the wall.
  const pinned = PHONE_CHALLENGES.academia[0];
  await page.getByRole("button", { name: `Moderation actions: ${pinned}` }).click();
  await page.getByRole("menuitem", { name: "Pin on projector" }).click();
  await everywhere(async (p) => {
    await expect(p.getByTestId("display-pinned")).toContainText(pinned);
    await expect(p.getByText(pinned)).toHaveCount(1);
  });
  // The facilitator's wall says which one the projector shows, and only that one.
  await expect(page.getByTestId("pinned-badge")).toHaveCount(1);
  await expect(page.getByTestId("contribution").filter({ has: page.getByTestId("pinned-badge") })).toContainText(pinned);
  await checkStage(projectors, "pinned", testInfo, { join: true });
  // Nobody touches the projector: the wall turns to its next page on its own.
  await expect(big.page.getByTestId("display-page")).toHaveText(/^Page 2 of 2/, { timeout: 15_000 });

  // ── The challenge vote, results hidden: who has voted, by helix, and no totals. ──
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await page.getByTestId("vote-settings").getByText("Hidden until revealed").click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("button", { name: "Reveal results" })).toBeVisible();
  await everywhere((p) => expect(p.getByTestId("display-pinned")).toHaveCount(0));
  const votes: [keyof typeof phones, string, number][] = [
    ["government", HOST_CHALLENGES[1], 2],
    ["government", PHONE_CHALLENGES.government[0], 1],
    ["academia", HOST_CHALLENGES[1], 1],
    ["academia", PHONE_CHALLENGES.academia[0], 2],
    ["academia", HOST_CHALLENGES[0], 1],
  ];
  for (const [helix, title, points] of votes)
    for (let i = 0; i < points; i++) await phones[helix].getByRole("button", { name: `Add a point to “${title}”` }).click();
  await expect(phones.academia.getByTestId("points-left")).toHaveText("1 point left");
  await everywhere(async (p) => {
    await expect(p.getByTestId("turnout-total")).toHaveText("2 of 3 have voted");
    await expect(p.getByTestId("turnout-government")).toContainText("1 of 1 voted");
    await expect(p.getByTestId("turnout-business")).toContainText("0 of 1 voted");
    await expect(p.getByTestId("turnout-community")).toContainText("nobody can vote");
    await expect(p.getByTestId("results-hidden")).toBeVisible();
    await expect(p.getByTestId("results")).toHaveCount(0);
    await expect(p.getByTestId("stage")).not.toContainText(/\d\s*points?\b|Balanced score/);
  });
  await checkStage(projectors, "vote-hidden", testInfo, { join: true });

  // ── Reveal: the ranking on one scale, numbers printed, the top first. ──
  await phones.business.getByRole("button", { name: `Add a point to “${HOST_CHALLENGES[1]}”` }).click();
  await page.getByRole("button", { name: "Reveal results" }).click();
  await everywhere(async (p) => {
    const results = p.getByTestId("results");
    await expect(results.getByTestId("result-item")).toHaveCount(4);
    const first = results.getByTestId("result-item").first();
    await expect(first).toContainText(HOST_CHALLENGES[1]);
    await expect(first.getByTestId("result-raw")).toHaveText("4 points");
    await expect(first.getByTestId("result-balanced")).toHaveText("Balanced score 1.33");
    await expect(first.getByTestId("result-label")).toHaveText("Consensus");
    await expect(first.getByTestId("helix-bar")).toHaveCount(3);
    await expect(p.getByTestId("turnout")).toHaveText("Turnout: 3 of 3 who could vote");
    await expect(p.getByTestId("balance-notice")).toContainText("Community");
    // The eight nobody gave a point are counted, not paged through.
    await expect(p.getByTestId("results-unscored")).toHaveText("8 more without points");
    await expect(p.getByTestId("display-page")).toHaveCount(0);
  });
  // The top bar is the full width of the scale, the next ones a share of it.
  const widths = await big.page
    .getByTestId("result-item")
    .evaluateAll((items) =>
      items.map((item) =>
        [...item.querySelectorAll<HTMLElement>('[data-testid="helix-bar"]')].reduce(
          (w, s) => w + s.getBoundingClientRect().width,
          0,
        ),
      ),
    );
  const track = await big.page.getByTestId("result-item").first().locator(".result-bar").boundingBox();
  expect(widths[0]).toBeCloseTo(track?.width ?? 0, -1);
  expect(widths[1]).toBeLessThan(widths[0]);
  await expectReadable(big.page, "result-title");
  await expectReadable(big.page, "result-balanced");
  await checkStage(projectors, "results", testInfo, { join: true, axeEverySize: true });

  // ── Solutions for the top three: a column per open challenge, the others named below. ──
  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  await page.getByText("Top", { exact: true }).click();
  await page.getByRole("textbox", { name: "Top" }).fill("3");
  await page.getByRole("button", { name: "Apply" }).click();
  await everywhere((p) => expect(p.getByTestId("challenge-group").filter({ hasText: "Open for solutions" })).toHaveCount(3));
  for (const [helix, phone] of Object.entries(phones)) {
    await choose(phone, phone.getByTestId("solution-challenge"), HOST_CHALLENGES[1]);
    await phone.getByLabel("Your solution").fill(SOLUTIONS[helix as keyof typeof SOLUTIONS]);
    await phone.getByRole("button", { name: "Submit solution" }).click();
  }
  await everywhere(async (p) => {
    const coherence = p.getByTestId("challenge-group").filter({ has: p.getByText(HOST_CHALLENGES[1], { exact: true }) });
    for (const title of Object.values(SOLUTIONS)) await expect(coherence).toContainText(title);
    await expect(p.getByTestId("display-count")).toHaveText("3 solutions");
  });
  await expectReadable(big.page, "card-title");
  await checkStage(projectors, "solutions", testInfo, { join: true });

  // ── A discussion step added to the agenda: the step, the timer large, and the pinned challenge. ──
  await page.getByRole("button", { name: "Edit agenda" }).click();
  await choose(page, page.getByRole("dialog").getByRole("textbox", { name: "Kind" }), "Discussion");
  await page.getByRole("dialog").getByRole("button", { name: "Add step" }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Go to this step: Discussion" }).click();
  await page.getByRole("button", { name: "Set timer" }).click();
  await page.getByRole("button", { name: `Moderation actions: ${HOST_CHALLENGES[1]}` }).click();
  await page.getByRole("menuitem", { name: "Pin on projector" }).click();
  await everywhere(async (p) => {
    await expect(p.getByTestId("display-step-title")).toHaveText("Discussion");
    await expect(p.getByTestId("display-pinned")).toContainText(HOST_CHALLENGES[1]);
    await expect(p.getByTestId("countdown")).toHaveText("10:00");
  });
  await expect(page.getByTestId("pinned-badge")).toHaveCount(1);
  await expect(page.getByTestId("contribution").filter({ has: page.getByTestId("pinned-badge") })).toContainText(
    HOST_CHALLENGES[1],
  );
  await expectReadable(big.page, "countdown");
  await checkStage(projectors, "discussion", testInfo, { join: true });

  // ── Recommendations: drafted live, endorsed by helix. ──
  await page.getByRole("button", { name: "Go to this step: Recommendations" }).click();
  await page.getByTestId("add-recommendation").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Recommendation").fill(RECOMMENDATION);
  await dialog.getByLabel("Details").fill("Quarterly meetings; the clusters bring their results to every level of government.");
  await dialog.getByPlaceholder("e.g. Ministry for Innovation").fill("Ministry for Innovation");
  await dialog.getByLabel("Deadline").fill("2025-06-30");
  await dialog.getByText("High priority").click();
  await dialog.getByRole("button", { name: "Add recommendation" }).click();
  await expect(dialog).toBeHidden();
  for (const phone of [phones.government, phones.business]) await phone.getByTestId("endorse").click();
  await everywhere(async (p) => {
    const rec = p.getByTestId("display-recommendations").getByTestId("recommendation");
    await expect(rec.getByTestId("recommendation-title")).toHaveText(RECOMMENDATION);
    await expect(rec.getByTestId("recommendation-owner")).toContainText("Ministry for Innovation");
    await expect(rec.getByTestId("priority")).toHaveText("High priority");
    await expect(rec.getByTestId("endorsements")).toContainText("2 endorsements");
    await expect(rec.getByTestId("endorsements-business")).toHaveText("Business: 1");
  });
  await expectReadable(big.page, "recommendation-title");
  // Alone on its page, the recommendation has the room to be read whole.
  await everywhere(async (p) => {
    const title = p.getByTestId("recommendation-title");
    expect(await title.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), "the recommendation shown whole").toBe(true);
  });
  await checkStage(projectors, "recommendations", testInfo, { join: true });

  // ── Closing: a summary of the day; nothing says "join" or "live" any more. ──
  await page.getByRole("button", { name: "Close the workshop" }).click();
  await expect(page.getByTestId("workshop-status")).toHaveText("Closed");
  await everywhere(async (p) => {
    await expect(p.getByTestId("display-closing")).toBeVisible();
    await expect(p.getByTestId("display-total")).toHaveText("3 people took part");
    await expect(p.getByTestId("closing-recommendations")).toContainText(RECOMMENDATION);
    // The top of the challenge vote as the room saw it revealed; no solution vote was held.
    const top = p.getByTestId("closing-top-challenges").locator("li");
    await expect(top.first()).toContainText(`#1 ${HOST_CHALLENGES[1]}`);
    await expect(top.first()).toContainText("Consensus · Balanced score 1.33 · 4 points");
    await expect(top).toHaveCount(3);
    await expect(p.getByTestId("closing-top-solutions")).toHaveCount(0);
    await expect(p.getByTestId("connection")).toHaveText("Connected");
    await expect(p.getByText(/\blive\b/i)).toHaveCount(0);
  });
  // A projector opened after the close shows the same summary.
  await big.page.reload();
  await expect(big.page.getByTestId("closing-top-challenges").locator("li").first()).toContainText(`#1 ${HOST_CHALLENGES[1]}`);
  await checkStage(projectors, "closing", testInfo, { join: false, axeEverySize: true });

  // F on the projector's keyboard toggles full screen.
  await big.page.keyboard.press("f");
  await expect.poll(() => big.page.evaluate(() => Boolean(document.fullscreenElement))).toBe(true);
  await expect(big.page.getByTestId("fullscreen-hint")).toHaveText("Press F to leave full screen");
  await big.page.keyboard.press("f");
  await expect.poll(() => big.page.evaluate(() => Boolean(document.fullscreenElement))).toBe(false);

  // The facilitator replaces the projector link: the old one says so, over the stage.
  await page.getByRole("button", { name: "Replace the projector link" }).click();
  await expect(big.page.getByRole("alert")).toHaveText(/This projector link was replaced/);
  await big.page.screenshot({ path: testInfo.outputPath("stage-revoked-1920.png") });
  copyFileSync(testInfo.outputPath("stage-revoked-1920.png"), "/tmp/stage-revoked-1920.png");
});

test("under a pinned challenge, a card with a merged duplicate shows as many whole lines of its title as its row has room for", async ({
  page,
  openContext,
}, testInfo) => {
  const LONG = "Grant calls ignore cross-border cooperation between the health and the ICT clusters of neighbouring regions";
  const DUPLICATE = "Cross-border cooperation is not funded";
  const PINNED = "Research results do not reach cluster companies";
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUpFacilitator(page, "Eszter");
  const { displayLink } = await createWorkshopViaUi(page, { title: "Ljubljana innovation review" });
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  for (const title of [LONG, DUPLICATE, PINNED]) {
    await page.getByLabel("Your challenge").fill(title);
    await page.getByRole("button", { name: "Submit challenge" }).click();
    await expect(page.getByTestId("wall").getByText(title)).toBeVisible();
  }
  await page.getByRole("button", { name: `Moderation actions: ${DUPLICATE}` }).click();
  await page.getByRole("menuitem", { name: "Merge into…" }).click();
  await choose(page, page.getByRole("dialog").getByRole("textbox"), LONG);
  await page.getByRole("dialog").getByRole("button", { name: "Merge into…" }).click();
  await page.getByRole("button", { name: `Moderation actions: ${PINNED}` }).click();
  await page.getByRole("menuitem", { name: "Pin on projector" }).click();
  await expect(page.getByTestId("contribution").filter({ has: page.getByTestId("pinned-badge") })).toContainText(PINNED);
  await page.getByTestId("wall").screenshot({ path: "/tmp/facilitator-wall-pinned.png" });

  const projectors: Projector[] = [];
  for (const size of SIZES) {
    const projector = await (await openContext({ viewport: size })).newPage();
    await projector.goto(displayLink);
    await expect(projector.getByTestId("display-pinned")).toContainText(PINNED);
    const card = projector.getByTestId("wall").getByTestId("contribution").filter({ hasText: LONG });
    await expect(card.getByTestId("merged-list")).toContainText(DUPLICATE);
    // One card under the pin has its row's room: at least three lines, not the one a crowded wall
    // allows a merged card (the card's height is its row's; its lines are measured, not guessed).
    const title = card.getByTestId("card-title");
    await expect
      .poll(() =>
        title.evaluate((el) =>
          Math.round(el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight)),
        ),
      )
      .toBeGreaterThanOrEqual(3);
    projectors.push({ page: projector, ...size });
  }
  await checkStage(projectors, "pinned-merged", testInfo, { join: true });
});
