import { choose, createWorkshopViaUi, expect, joinFromPhone, PHONE, signUpFacilitator, test } from "./fixtures";

/**
 * The working morning of the Budapest peer review: the facilitator walks the room from challenges
 * to solutions; phones of three helices contribute; the projector follows; moderation keeps the
 * wall clean; a phone that loses the Wi-Fi loses nothing.
 */
const HOST = "Building a sustainable co-creation platform for the innovation ecosystem";
const COHERENCE = "Policy coherence between ministries, agencies and regions";
const DUPLICATE = "Ministries do not talk to each other";
const RESEARCH = "Research results do not reach cluster companies";
const OFF_TOPIC = "Free coffee for everyone";

test("challenges, moderation, solutions and an offline phone, on every screen", async ({ page, openContext }) => {
  await signUpFacilitator(page, "Eszter");
  const { participantLink, displayLink } = await createWorkshopViaUi(page, { title: "Clusters and the quadruple helix" });

  // The host's own challenge is pre-loaded before the room starts.
  await page.getByLabel("Your challenge").fill(HOST);
  await page.getByRole("button", { name: "Submit challenge" }).click();
  const wall = page.getByTestId("wall");
  await expect(wall.getByText(HOST)).toBeVisible();

  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  await expect(projector.getByTestId("display-step-title")).toHaveText("Welcome");

  const gabor = await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor");
  const anna = await joinFromPhone(await openContext(PHONE), participantLink, "academia", "Anna");
  const csillaContext = await openContext(PHONE);
  const csilla = await joinFromPhone(csillaContext, participantLink, "community", "Csilla");

  // The facilitator opens the challenges step; phones and the projector follow without a reload.
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  for (const phone of [gabor, anna, csilla]) await expect(phone.getByTestId("phone-step-title")).toHaveText("Challenges");
  await expect(projector.getByTestId("display-step-title")).toHaveText("Challenges");

  // A ten-minute timer, started: the projector and the phones count down together.
  await page.getByRole("button", { name: "Set timer" }).click();
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await expect(projector.getByTestId("countdown")).toHaveAttribute("data-running", "true");
  await expect(projector.getByTestId("countdown")).toHaveText(/^(10:00|9:[0-5]\d)$/);
  await expect(gabor.getByTestId("countdown")).toHaveAttribute("data-running", "true");
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(projector.getByTestId("countdown")).toHaveAttribute("data-running", "false");

  const submitChallenge = async (phone: typeof gabor, title: string) => {
    await phone.getByLabel("Your challenge").fill(title);
    await phone.getByRole("button", { name: "Submit challenge" }).click();
    await expect(phone.getByTestId("my-contributions").getByText(title)).toBeVisible();
  };
  await submitChallenge(gabor, COHERENCE);
  await submitChallenge(anna, RESEARCH);
  await submitChallenge(csilla, DUPLICATE);
  await submitChallenge(csilla, OFF_TOPIC);

  for (const screen of [page, projector]) {
    for (const title of [HOST, COHERENCE, RESEARCH, DUPLICATE, OFF_TOPIC]) await expect(screen.getByText(title)).toHaveCount(1);
  }
  // Each contribution carries its author's helix.
  await expect(wall.getByTestId("contribution").filter({ hasText: RESEARCH }).getByText("Academia")).toBeVisible();

  // Moderation: the off-topic one is hidden and disappears from the projector at once…
  await page.getByRole("button", { name: `Moderation actions: ${OFF_TOPIC}` }).click();
  await page.getByRole("menuitem", { name: "Hide" }).click();
  // Before confirming, the facilitator is told what hiding gives back (nobody has voted yet).
  await expect(page.getByRole("dialog").getByTestId("hide-impact")).toHaveText(/Nobody has given it points/);
  await page.getByRole("dialog").getByRole("button", { name: "Hide" }).click();
  await expect(projector.getByText(OFF_TOPIC)).toHaveCount(0);
  await expect(gabor.getByText(OFF_TOPIC)).toHaveCount(0);
  await expect(wall.getByTestId("contribution").filter({ hasText: OFF_TOPIC })).toHaveAttribute("data-status", "hidden");

  // …and the duplicate is merged into the challenge it repeats.
  await page.getByRole("button", { name: `Moderation actions: ${DUPLICATE}` }).click();
  await page.getByRole("menuitem", { name: "Merge into…" }).click();
  await choose(page, page.getByRole("dialog").getByRole("textbox"), COHERENCE);
  await page.getByRole("dialog").getByRole("button", { name: "Merge into…" }).click();
  await expect(wall.getByTestId("contribution").filter({ hasText: DUPLICATE })).toHaveAttribute("data-status", "merged");
  await expect(projector.getByTestId("merged-list")).toContainText(DUPLICATE);

  // The room moves on to solutions; every open (visible) challenge can be answered.
  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  for (const phone of [gabor, anna, csilla]) await expect(phone.getByTestId("phone-step-title")).toHaveText("Solutions");
  const submitSolution = async (phone: typeof gabor, challenge: string, title: string) => {
    await choose(phone, phone.getByTestId("solution-challenge"), challenge);
    await phone.getByLabel("Your solution").fill(title);
    await phone.getByRole("button", { name: "Submit solution" }).click();
    await expect(phone.getByTestId("my-contributions").getByText(title)).toBeVisible();
  };
  await submitSolution(gabor, HOST, "A national co-creation platform run by the cluster association");
  await submitSolution(anna, COHERENCE, "A joint ministry–cluster working group meeting quarterly");
  // The hidden challenge is not offered.
  await csilla.getByTestId("solution-challenge").click();
  await expect(csilla.getByRole("option", { name: OFF_TOPIC })).toHaveCount(0);
  await csilla.keyboard.press("Escape");

  // Csilla's phone loses the Wi-Fi, she submits twice, the Wi-Fi comes back.
  await csillaContext.setOffline(true);
  await expect(csilla.getByTestId("connection")).toHaveAttribute("data-status", "offline");
  const offline1 = "Open innovation vouchers for researchers working with SMEs";
  const offline2 = "Patient advocates on every cluster board";
  for (const [challenge, title] of [
    [RESEARCH, offline1],
    [COHERENCE, offline2],
  ]) {
    await choose(csilla, csilla.getByTestId("solution-challenge"), challenge);
    await csilla.getByLabel("Your solution").fill(title);
    await csilla.getByRole("button", { name: "Submit solution" }).click();
  }
  await expect(csilla.getByTestId("submit-notice")).toContainText("You are offline");
  await expect(csilla.getByTestId("my-contribution").and(csilla.locator('[data-status="waiting"]'))).toHaveCount(2);
  await expect(page.getByText(offline1)).toHaveCount(0);

  await csillaContext.setOffline(false);
  await expect(csilla.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await expect(csilla.locator('[data-testid="my-contribution"][data-status="waiting"]')).toHaveCount(0);
  for (const screen of [page, projector, gabor, csilla]) {
    await expect(screen.getByTestId("wall").getByText(offline1)).toHaveCount(1);
    await expect(screen.getByTestId("wall").getByText(offline2)).toHaveCount(1);
  }
  // Every open challenge has its solutions under it on the projector.
  const groupOf = (challenge: string) =>
    projector.getByTestId("challenge-group").filter({ has: projector.getByText(challenge, { exact: true }) });
  await expect(groupOf(HOST)).toContainText("A national co-creation platform run by the cluster association");
  await expect(groupOf(COHERENCE)).toContainText("A joint ministry–cluster working group meeting quarterly");
  await expect(groupOf(COHERENCE)).toContainText(offline2);
  await expect(groupOf(RESEARCH)).toContainText(offline1);
});

test("a submission made offline survives closing the page and is sent once when the phone is back", async ({
  page,
  openContext,
}) => {
  await signUpFacilitator(page, "Eszter");
  const { participantLink } = await createWorkshopViaUi(page, { title: "Outbox across reloads" });
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();

  const context = await openContext(PHONE);
  const phone = await joinFromPhone(context, participantLink, "business", "Béla");
  await expect(phone.getByTestId("phone-step-title")).toHaveText("Challenges");
  await context.setOffline(true);
  await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "offline");
  await phone.getByLabel("Your challenge").fill("Too many parallel cluster initiatives");
  await phone.getByRole("button", { name: "Submit challenge" }).click();
  await expect(phone.locator('[data-testid="my-contribution"][data-status="waiting"]')).toHaveCount(1);
  await phone.close();

  await context.setOffline(false);
  const reopened = await context.newPage();
  await reopened.goto(participantLink);
  await expect(reopened.getByTestId("my-contributions").getByText("Too many parallel cluster initiatives")).toBeVisible();
  await expect(reopened.locator('[data-testid="my-contribution"][data-status="waiting"]')).toHaveCount(0);
  await expect(page.getByTestId("wall").getByText("Too many parallel cluster initiatives")).toHaveCount(1);
  await reopened.reload();
  await expect(reopened.getByTestId("my-contributions").getByText("Too many parallel cluster initiatives")).toHaveCount(1);
  await expect(page.getByTestId("wall").getByText("Too many parallel cluster initiatives")).toHaveCount(1);
});
