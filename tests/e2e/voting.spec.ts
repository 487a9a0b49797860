import {
  createWorkshopViaUi,
  expect,
  expectNotReloaded,
  joinFromPhone,
  markNoReload,
  PHONE,
  seriousA11yViolations,
  signUpFacilitator,
  test,
} from "./fixtures";

/**
 * The challenge vote of the Budapest day, seen through the helix lens: four phones of four
 * helices vote with results hidden; the facilitator reveals them; the projector shows the balanced
 * ranking with per-helix bars and labels, and follows later votes live.
 */
const PLATFORM = "Building a sustainable co-creation platform";
const COHERENCE = "Policy coherence between ministries";
const RECOGNITION = "Recognising what each helix contributes";

test("four helices vote, results revealed, the projector ranks by balanced score and follows live", async ({
  page,
  openContext,
}) => {
  // Five browser contexts on a 2-core machine: 50 s usually, 1.5 min seen once in a full run.
  test.setTimeout(240_000);
  await signUpFacilitator(page, "Eszter");
  const { participantLink, displayLink } = await createWorkshopViaUi(page, { title: "Challenge vote" });
  for (const title of [PLATFORM, COHERENCE, RECOGNITION]) {
    await page.getByLabel("Your challenge").fill(title);
    await page.getByRole("button", { name: "Submit challenge" }).click();
    await expect(page.getByTestId("wall").getByText(title)).toBeVisible();
  }

  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  const phones = {
    government: await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor"),
    academia: await joinFromPhone(await openContext(PHONE), participantLink, "academia", "Anna"),
    business: await joinFromPhone(await openContext(PHONE), participantLink, "business", "Béla"),
    community: await joinFromPhone(await openContext(PHONE), participantLink, "community", "Csilla"),
  };

  // The facilitator opens the vote with results hidden until revealed.
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  await page.getByTestId("vote-settings").getByText("Hidden until revealed").click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("button", { name: "Reveal results" })).toBeVisible();
  await expect(projector.getByTestId("results-hidden")).toBeVisible();
  await markNoReload(projector);

  const add = (phone: (typeof phones)["business"], title: string) =>
    phone.getByRole("button", { name: `Add a point to “${title}”` }).click();
  for (const phone of Object.values(phones)) {
    await expect(phone.getByTestId("points-left")).toHaveText("5 points left");
    await add(phone, PLATFORM);
    await expect(phone.getByTestId("points-left")).toHaveText("4 points left");
  }
  // Business backs the coherence challenge alone, with everything the cap allows.
  for (let i = 0; i < 3; i++) await add(phones.business, COHERENCE);
  await expect(phones.business.getByTestId("points-left")).toHaveText("1 point left");
  await add(phones.business, RECOGNITION);
  await expect(phones.business.getByTestId("points-left")).toHaveText("0 points left");
  // The budget is spent: the phone offers no more points, and says why.
  for (const title of [PLATFORM, COHERENCE, RECOGNITION])
    await expect(phones.business.getByRole("button", { name: `Add a point to “${title}”` })).toBeDisabled();
  await expect(phones.business.getByTestId("no-points-left")).toHaveText(/No points left/);
  await expect(phones.business.getByTestId("ballot-item").filter({ hasText: COHERENCE }).getByTestId("add-refusal")).toHaveText(
    "At most 3 on one item",
  );
  await expect(phones.business.getByTestId("ballot-item").filter({ hasText: RECOGNITION })).toHaveAttribute("data-points", "1");
  expect(await seriousA11yViolations(phones.business), "phone ballot").toEqual([]);

  // Hidden from the room while voting; the facilitator sees the totals.
  await expect(projector.getByTestId("results")).toHaveCount(0);
  await expect(phones.community.getByTestId("results-hidden")).toBeVisible();
  const facilitatorResults = page.getByTestId("results");
  await expect(facilitatorResults.getByTestId("result-item").filter({ hasText: PLATFORM }).getByTestId("result-raw")).toHaveText(
    "4 points",
  );

  await page.getByRole("button", { name: "Reveal results" }).click();
  const results = projector.getByTestId("results");
  await expect(results).toBeVisible();
  const item = (title: string) => results.getByTestId("result-item").filter({ hasText: title });
  // Balanced: the platform has one point per person in every helix (1.0), coherence 3 from business only (0.75).
  await expect(results.getByTestId("result-item").first()).toContainText(PLATFORM);
  await expect(item(PLATFORM).getByTestId("result-label")).toHaveText("Consensus");
  await expect(item(PLATFORM).getByTestId("result-balanced")).toHaveText("Balanced score 1");
  await expect(item(COHERENCE).getByTestId("result-label")).toHaveText("Single helix");
  await expect(item(COHERENCE).getByTestId("result-raw")).toHaveText("3 points");
  await expect(item(COHERENCE).getByTestId("result-rank")).toHaveText("#2");
  // Each item's bar is split by helix: one segment for each of the four that gave it points.
  await expect(item(PLATFORM).getByTestId("helix-bar")).toHaveCount(4);
  expect(await seriousA11yViolations(projector), "projector results").toEqual([]);
  expect(await seriousA11yViolations(page), "facilitator results").toEqual([]);
  // Raw order (on the facilitator's screen; the projector prints both scores) puts the
  // business-backed challenge no lower than it is.
  await facilitatorResults.getByText("Raw", { exact: true }).click();
  await expect(facilitatorResults.getByTestId("result-item").first()).toContainText(PLATFORM);
  await facilitatorResults.getByText("Balanced", { exact: true }).click();

  // A later vote reaches the projector live.
  await add(phones.government, RECOGNITION);
  await expect(item(RECOGNITION).getByTestId("result-raw")).toHaveText("2 points");
  await expect(item(RECOGNITION).getByTestId("result-label")).toHaveText("Divergent");
  await expectNotReloaded(projector);

  // Phones see the top items and where their own helix stands.
  await expect(phones.community.getByTestId("phone-results")).toContainText(PLATFORM);
  await expect(phones.community.getByTestId("own-helix-support").first()).toContainText("Community: 1 per person");
  // Having voted, a phone can no longer change the helix it speaks for.
  await expect(
    phones.community.getByText("Your details are fixed now that you have contributed, voted or endorsed."),
  ).toBeVisible();
  await expect(phones.community.getByRole("button", { name: "Change my details" })).toHaveCount(0);
});
