import { copyFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { createWorkshopViaUi, expect, joinFromPhone, PHONE, seriousA11yViolations, signUpFacilitator, test } from "./fixtures";

/**
 * The room voted on challenges and moved on to solutions; Eszter shows the challenge vote's results
 * again, on her own page first, then on the projector (a 1080p screen, never scrolling), and goes
 * back to the current step.
 */
const PLATFORM = "Building a sustainable co-creation platform";
const COHERENCE = "Policy coherence between ministries";
const WAIT = { timeout: 30_000 };

async function fitsTheScreen(projector: Page) {
  const fit = await projector.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
  }));
  expect(fit.scrollHeight, "no vertical scrolling").toBeLessThanOrEqual(fit.innerHeight);
  expect(fit.scrollWidth, "no horizontal scrolling").toBeLessThanOrEqual(fit.innerWidth);
}

test("a past vote's results on the facilitator's page and back on the projector, then back to the current step", async ({
  page,
  openContext,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUpFacilitator(page, "Eszter");
  const { participantLink, displayLink } = await createWorkshopViaUi(page, { title: "Past results" });
  for (const title of [PLATFORM, COHERENCE]) {
    await page.getByLabel("Your challenge").fill(title);
    await page.getByRole("button", { name: "Submit challenge" }).click();
    await expect(page.getByTestId("wall").getByText(title)).toBeVisible(WAIT);
  }
  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  const gabor = await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor");
  const anna = await joinFromPhone(await openContext(PHONE), participantLink, "academia", "Anna");

  // The challenge vote, results live; then the room moves on to solutions.
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  for (const [phone, title] of [
    [gabor, PLATFORM],
    [anna, PLATFORM],
    [anna, COHERENCE],
  ] as const) {
    const left = await phone.getByTestId("points-left").textContent();
    await phone.getByRole("button", { name: `Add a point to “${title}”` }).click();
    await expect(phone.getByTestId("points-left")).not.toHaveText(left ?? "", WAIT);
  }
  await expect(projector.getByTestId("result-item")).toHaveCount(2, WAIT);
  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  await expect(projector.getByTestId("display-step-title")).toHaveText("Solutions", WAIT);

  // Her page lists the vote held; she opens its results in a dialog.
  const past = page.getByTestId("past-results");
  await expect(past.getByTestId("past-vote")).toHaveCount(1, WAIT);
  await expect(past.getByTestId("past-vote")).toContainText("Vote on challenges");
  await past.getByRole("button", { name: "Open results" }).click();
  const dialog = page.getByRole("dialog", { name: "Results of: Vote on challenges" });
  await expect(dialog.getByTestId("result-item")).toHaveCount(2, WAIT);
  await expect(dialog.getByTestId("result-item").first()).toContainText(PLATFORM);
  await page.screenshot({ path: testInfo.outputPath("past-results-dialog.png") });
  copyFileSync(testInfo.outputPath("past-results-dialog.png"), "/tmp/past-results-dialog.png");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  // On the projector: that vote's ranking, titled, without scrolling.
  await past.getByRole("button", { name: "Show on projector" }).click();
  await expect(past.getByTestId("past-vote-shown")).toBeVisible(WAIT);
  await past.screenshot({ path: testInfo.outputPath("past-results-card.png") });
  copyFileSync(testInfo.outputPath("past-results-card.png"), "/tmp/past-results-card.png");
  await expect(projector.getByTestId("display-step-title")).toHaveText("Results of: Vote on challenges", WAIT);
  await expect(projector.getByTestId("result-item")).toHaveCount(2, WAIT);
  await expect(projector.getByTestId("result-item").first()).toContainText(PLATFORM);
  await expect(projector.getByText("The room is now at: Solutions")).toBeVisible();
  await projector.screenshot({ path: testInfo.outputPath("past-results-1920.png") });
  copyFileSync(testInfo.outputPath("past-results-1920.png"), "/tmp/past-results-1920.png");
  await fitsTheScreen(projector);
  expect(await seriousA11yViolations(projector)).toEqual([]);
  await projector.setViewportSize({ width: 1280, height: 720 });
  await projector.screenshot({ path: testInfo.outputPath("past-results-1280.png") });
  copyFileSync(testInfo.outputPath("past-results-1280.png"), "/tmp/past-results-1280.png");
  await fitsTheScreen(projector);

  // Back to the current step.
  await past.getByRole("button", { name: "Back to the current step" }).click();
  await expect(projector.getByTestId("display-step-title")).toHaveText("Solutions", WAIT);
  await expect(projector.getByTestId("result-item")).toHaveCount(0);
  await expect(past.getByTestId("past-vote-shown")).toHaveCount(0);
});
