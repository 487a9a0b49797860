import type { Locator, Page } from "@playwright/test";
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
 * The facilitator's page through the Budapest day, at the laptop of the user test (1440×900): one
 * status badge, helix names in full, a join link that never breaks inside the code, a challenge
 * vote whose results are hidden from the agenda before it opens (the projector never flashes
 * totals), a hidden and a merged card on the wall, the recommendation dialog with every choice
 * whole, and no serious accessibility violation on any facilitator page or dialog.
 */
const PLATFORM = "Building a sustainable co-creation platform for the innovation ecosystem";
const COHERENCE = "Policy coherence between ministries, agencies and regions";
const DUPLICATE = "Ministries do not talk to each other";
const OFF_TOPIC = "Free coffee for everyone";
const SOLUTION = "A standing ministry–cluster working group meeting every quarter";

/** Texts on the page (or in a part of it) that the browser cuts with an ellipsis: none may be. */
async function cutTexts(scope: Locator) {
  return scope.evaluate((root) =>
    [root, ...root.querySelectorAll("*")]
      .filter((el) => {
        const style = getComputedStyle(el);
        const clips = style.textOverflow === "ellipsis" || el instanceof HTMLInputElement;
        return clips && el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length > 0;
      })
      .map((el) => (el instanceof HTMLInputElement ? el.value : (el.textContent ?? "")).trim())
      .filter(Boolean),
  );
}

async function expectAccessible(page: Page, what: string) {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

test("the facilitator runs the Budapest day from one clear, accessible page", async ({ page, openContext }) => {
  // About two minutes on two idle cores (four browser contexts, fourteen axe runs); more when shared.
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });

  // My workshops (empty) and the new-workshop form.
  await signUpFacilitator(page, "Eszter");
  await page.getByRole("link", { name: "New workshop" }).click();
  await expect(page.getByRole("heading", { name: "New workshop" })).toBeVisible();
  await expectAccessible(page, "new workshop");
  await page.screenshot({ path: "/tmp/facilitator-new.png", fullPage: true });
  await page.getByRole("link", { name: "Cancel" }).click();
  const { participantLink, displayLink } = await createWorkshopViaUi(page, { title: "Clusters and the quadruple helix" });
  for (const title of [PLATFORM, COHERENCE, DUPLICATE, OFF_TOPIC]) {
    await page.getByLabel("Your challenge").fill(title);
    await page.getByRole("button", { name: "Submit challenge" }).click();
    await expect(page.getByTestId("wall").getByText(title, { exact: true })).toBeVisible();
  }

  const projector = await (await openContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await projector.goto(displayLink);
  const gabor = await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor Kovács-Szentgyörgyi");
  const csilla = await joinFromPhone(await openContext(PHONE), participantLink, "community", "Csilla");

  // The lobby, live: one status badge (the connection is a note, not a second "Live").
  await page.getByRole("button", { name: "Start the workshop" }).click();
  await expect(page.getByTestId("workshop-status")).toHaveText("Live");
  await expect(page.getByText(/^live$/i)).toHaveCount(1);
  await expect(page.getByTestId("connection")).toHaveText("Connected");
  // The participant table names each helix in full.
  const table = page.getByTestId("participant-table");
  await expect(table.getByRole("row").filter({ hasText: "Gábor" }).getByTestId("helix-label")).toHaveText("Government");
  await expect(table.getByRole("row").filter({ hasText: "Csilla" }).getByTestId("helix-label")).toHaveText("Community");
  // The table fits its column (no role cut off at the card's edge).
  expect(await table.evaluate((el) => el.scrollWidth <= (el.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
  await expect(table.getByTestId("participant-role").first()).toHaveText("Local stakeholder");
  // The join code never breaks over two lines inside the participant link.
  const code = (await page.getByTestId("join-code").textContent())?.trim() ?? "";
  const codeInLink = page.getByTestId("participant-link").getByText(code, { exact: true });
  expect(await codeInLink.evaluate((el) => el.getClientRects().length)).toBe(1);
  expect(await page.getByTestId("participant-link").textContent()).toBe(participantLink);
  expect(await cutTexts(page.locator("main"))).toEqual([]);
  await expectAccessible(page, "lobby");
  await page.screenshot({ path: "/tmp/facilitator-lobby.png", fullPage: true });

  // Before the challenge vote opens, its results are set to hidden from the agenda.
  const voteStep = page.getByTestId("agenda-step").filter({ hasText: "Vote on challenges" });
  await expect(voteStep.getByTestId("agenda-step-results")).toHaveText("Results live");
  await page.getByRole("button", { name: "Vote settings: Vote on challenges" }).click();
  const settings = page.getByRole("dialog", { name: "Vote settings: Vote on challenges" });
  await expect(settings.getByTestId("vote-settings")).toBeVisible();
  await expect(settings.getByRole("button", { name: "Close" })).toBeVisible();
  expect(await cutTexts(settings)).toEqual([]);
  await expectAccessible(page, "vote settings dialog");
  await page.screenshot({ path: "/tmp/facilitator-vote-settings-dialog.png" });
  await settings.getByText("Hidden until revealed").click();
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings).toBeHidden();
  await expect(voteStep.getByTestId("agenda-step-results")).toHaveText("Results hidden until revealed");

  // Challenges: one off-topic card hidden, a duplicate merged.
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  await expect(projector.getByTestId("display-step-title")).toHaveText("Challenges");
  await page.getByRole("button", { name: `Moderation actions: ${OFF_TOPIC}` }).click();
  await page.getByRole("menuitem", { name: "Hide" }).click();
  const hide = page.getByRole("dialog");
  await expect(hide.getByTestId("hide-impact")).toHaveText(/Nobody has given it points/);
  await expectAccessible(page, "hide dialog");
  await hide.getByRole("button", { name: "Hide" }).click();
  await expect(hide).toBeHidden();
  await page.getByRole("button", { name: `Moderation actions: ${DUPLICATE}` }).click();
  await page.getByRole("menuitem", { name: "Merge into…" }).click();
  const merge = page.getByRole("dialog");
  await merge.getByRole("textbox").click();
  // Every choice is shown whole, as written.
  const options = page.getByRole("option");
  await expect(options).toHaveText([PLATFORM, COHERENCE]);
  expect(await cutTexts(page.getByRole("listbox"))).toEqual([]);
  await expectAccessible(page, "merge dialog");
  await options.filter({ hasText: COHERENCE }).click();
  await merge.getByRole("button", { name: "Merge into…" }).click();
  await expect(merge).toBeHidden();
  const wall = page.getByTestId("wall");
  await expect(wall.getByTestId("contribution").filter({ hasText: OFF_TOPIC })).toHaveAttribute("data-status", "hidden");
  await expect(wall.getByTestId("contribution").filter({ hasText: DUPLICATE })).toHaveAttribute("data-status", "merged");
  await expect(wall.getByTestId("hidden-badge")).toHaveText("Hidden");
  await expectAccessible(page, "wall with a hidden and a merged card");
  await page.screenshot({ path: "/tmp/facilitator-challenges.png", fullPage: true });

  // The vote opens hidden: the projector never shows a total, not even for a moment.
  await projector.evaluate(() => {
    const w = window as unknown as { __flashed: boolean };
    w.__flashed = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="result-item"]')) w.__flashed = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await expect(projector.getByTestId("display-step-title")).toHaveText("Vote on challenges");
  await expect(projector.getByTestId("results-hidden")).toBeVisible();
  await expect(projector.getByTestId("result-item")).toHaveCount(0);
  for (const phone of [gabor, csilla]) {
    await phone.getByRole("button", { name: `Add a point to “${COHERENCE}”` }).click();
    await expect(phone.getByTestId("points-left")).toHaveText("4 points left");
  }
  await gabor.getByRole("button", { name: `Add a point to “${PLATFORM}”` }).click();
  await expect(gabor.getByTestId("points-left")).toHaveText("3 points left");
  // The facilitator sees the totals, the turnout, and that the room does not.
  const results = page.getByTestId("results");
  await expect(results.getByTestId("result-item").filter({ hasText: COHERENCE }).getByTestId("result-raw")).toHaveText(
    "2 points",
  );
  await expect(results.getByTestId("turnout")).toContainText("Turnout: 2 of 2 who could vote");
  await expect(results.getByTestId("results-visibility")).toContainText("Hidden from the room until you reveal them.");
  await expect(projector.getByTestId("result-item")).toHaveCount(0);
  expect(await projector.evaluate(() => (window as unknown as { __flashed: boolean }).__flashed)).toBe(false);
  await expectAccessible(page, "hidden vote");
  await page.screenshot({ path: "/tmp/facilitator-vote-hidden.png", fullPage: true });

  // Revealed: the projector shows the ranking, the facilitator is told the room sees it.
  await results.getByRole("button", { name: "Reveal results" }).click();
  await expect(results.getByTestId("results-visibility")).toContainText("Revealed: the room sees these results.");
  await expect(projector.getByTestId("result-item").first()).toContainText(COHERENCE);
  await expect(voteStep.getByTestId("agenda-step-results")).toHaveText("Results revealed");
  await projector.context().close(); // its work is done: two cores are shared
  await page.screenshot({ path: "/tmp/facilitator-vote-revealed.png", fullPage: true });

  // Solutions, then their vote (results live by default).
  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  await choose(csilla, csilla.getByTestId("solution-challenge"), COHERENCE);
  await csilla.getByLabel("Your solution").fill(SOLUTION);
  await csilla.getByRole("button", { name: "Submit solution" }).click();
  await expect(wall.getByText(SOLUTION)).toBeVisible();
  await csilla.context().close();
  await expectAccessible(page, "solutions");
  await page.getByRole("button", { name: "Go to this step: Vote on solutions" }).click();
  await gabor.getByRole("button", { name: `Add a point to “${SOLUTION}”` }).click();
  await expect(gabor.getByTestId("points-left")).toHaveText("4 points left");
  await gabor.context().close();
  await expect(results.getByTestId("results-visibility")).toContainText("The room sees these results live.");
  await expect(results.getByTestId("result-item").filter({ hasText: SOLUTION }).getByTestId("result-raw")).toHaveText(
    /^1 points?$/,
  );
  await expectAccessible(page, "solution vote");
  await page.screenshot({ path: "/tmp/facilitator-vote-solutions.png", fullPage: true });

  // Recommendations: the dialog shows every choice whole.
  await page.getByRole("button", { name: "Go to this step: Recommendations" }).click();
  await page.getByTestId("add-recommendation").click();
  const dialog = page.getByRole("dialog", { name: "Add recommendation" });
  await expect(dialog.getByRole("button", { name: "Close" })).toBeVisible();
  const priorities = dialog.getByTestId("priority-choice").locator("label");
  await expect(priorities).toHaveText(["High priority", "Medium priority", "Low priority"]);
  for (const label of await priorities.all()) {
    expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), (await label.textContent()) ?? "").toBe(true);
  }
  await dialog.getByText("A helix").click();
  await dialog.getByRole("textbox", { name: "A helix" }).click();
  await expect(page.getByRole("option")).toHaveText(["Government", "Academia", "Business", "Community"]);
  expect(await cutTexts(page.getByRole("listbox"))).toEqual([]);
  await page.getByRole("option", { name: "Business" }).click();
  await dialog.getByLabel("Recommendation").fill("Set up the ministry–cluster working group by June");
  await dialog.getByText("Low priority").click();
  await dialog.getByLabel("Drafted from").click();
  await page.getByRole("option", { name: new RegExp(SOLUTION) }).click();
  await dialog.getByLabel("Recommendation").click();
  expect(await cutTexts(dialog)).toEqual([]);
  await expectAccessible(page, "recommendation dialog");
  await page.screenshot({ path: "/tmp/facilitator-recommendation-dialog.png" });
  await dialog.getByRole("button", { name: "Add recommendation" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("recommendations-panel").getByTestId("priority")).toHaveText("Low priority");
  await expectAccessible(page, "recommendations");
  await page.screenshot({ path: "/tmp/facilitator-recommendations.png", fullPage: true });

  // The agenda editor, then closing.
  await page.getByRole("button", { name: "Edit agenda" }).click();
  const editor = page.getByRole("dialog", { name: "Edit agenda" });
  await expect(editor.getByTestId("agenda-editor-step")).toHaveCount(7);
  expect(await cutTexts(editor)).toEqual([]);
  await expectAccessible(page, "agenda editor");
  await page.screenshot({ path: "/tmp/facilitator-agenda-editor.png" });
  await editor.getByRole("button", { name: "Close" }).click();
  await expect(editor).toBeHidden();
  await page.getByRole("button", { name: "Go to this step: Closing" }).click();
  await expect(page.getByTestId("agenda-step").filter({ hasText: "Closing" })).toHaveAttribute("data-current", "true");
  await page.screenshot({ path: "/tmp/facilitator-closing.png", fullPage: true });

  // A smaller laptop: still one badge (the closing step closed the workshop), whole helix names, the code in one piece.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByTestId("workshop-status")).toHaveText("Closed");
  await expect(page.getByText(/^closed$/i)).toHaveCount(1);
  await expect(table.getByTestId("helix-label")).toHaveText(["Community", "Government"]);
  expect(await table.evaluate((el) => el.scrollWidth <= (el.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
  expect(await codeInLink.evaluate((el) => el.getClientRects().length)).toBe(1);
  expect(await cutTexts(page.locator("main"))).toEqual([]);
  await expectAccessible(page, "closing at 1280×800");
  await page.screenshot({ path: "/tmp/facilitator-1280.png", fullPage: true });

  // Back on the list: the workshop with its one status badge.
  await page.getByRole("link", { name: "All workshops" }).click();
  await expect(page.getByRole("heading", { name: "My workshops" })).toBeVisible();
  await expectAccessible(page, "workshops list");
  await page.screenshot({ path: "/tmp/facilitator-list.png", fullPage: true });
});
