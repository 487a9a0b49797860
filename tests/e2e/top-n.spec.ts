import type { Page } from "@playwright/test";
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
 * "Top N" opens the challenges the room voted for, not the oldest ones. On the Budapest day four
 * challenges are collected; the two submitted last win the challenge vote; the facilitator opens
 * the top 2 for solutions. Every phone offers exactly those two, the projector and the facilitator
 * mark exactly those two as open, and the server takes the solutions the phones offer.
 */
const HOST = "Building a sustainable co-creation platform for the innovation ecosystem";
const PARALLEL = "Too many parallel cluster initiatives in the same sectors";
const COHERENCE = "Policy coherence between ministries, agencies and regional governance";
const RECOGNITION = "Recognising what each helix contributes to health clusters";

const OPEN = "Open for solutions";

/** The wall's group of a challenge (the challenge, its open badge, its solutions) on a screen. */
const groupOf = (screen: Page, challenge: string) =>
  screen.getByTestId("challenge-group").filter({ has: screen.getByText(challenge, { exact: true }) });
/** The wall's groups marked open for solutions on a screen. */
const openGroups = (screen: Page) =>
  screen.getByTestId("challenge-group").filter({ has: screen.getByText(OPEN, { exact: true }) });

/** Exactly `open` (in wall order: oldest first) are marked open on this screen, and `closed` are not. */
async function expectMarkedOpen(screen: Page, open: string[], closed: string[]) {
  await expect(openGroups(screen)).toHaveCount(open.length);
  for (const [index, title] of open.entries()) await expect(openGroups(screen).nth(index)).toContainText(title);
  for (const title of closed) {
    await expect(groupOf(screen, title)).toHaveCount(1);
    await expect(groupOf(screen, title).getByText(OPEN, { exact: true })).toHaveCount(0);
  }
}

test("top 2 after the challenge vote opens the two the room voted for on every screen, and the server takes their solutions", async ({
  page,
  openContext,
}) => {
  // Five browser contexts (facilitator, projector, three phones) share two cores: give it room.
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUpFacilitator(page, "Eszter");
  const { participantLink, displayLink } = await createWorkshopViaUi(page, { title: "Top challenges of the day" });

  // The host's challenge is pre-loaded: the oldest of the four.
  await page.getByLabel("Your challenge").fill(HOST);
  await page.getByRole("button", { name: "Submit challenge" }).click();
  await expect(page.getByTestId("wall").getByText(HOST)).toBeVisible();

  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  await expect(projector.getByTestId("connection")).toHaveAttribute("data-status", "online");
  const phones = {
    government: await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor"),
    academia: await joinFromPhone(await openContext(PHONE), participantLink, "academia", "Anna"),
    business: await joinFromPhone(await openContext(PHONE), participantLink, "business", "Béla"),
  };
  const allPhones = Object.values(phones);

  // Challenges: the phones add three more, one after the other; the last two will win the vote.
  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  for (const phone of allPhones) await expect(phone.getByTestId("phone-step-title")).toHaveText("Challenges");
  const submitChallenge = async (phone: Page, title: string) => {
    await phone.getByLabel("Your challenge").fill(title);
    await phone.getByRole("button", { name: "Submit challenge" }).click();
    await expect(phone.getByTestId("my-contribution").filter({ hasText: title })).toHaveAttribute("data-status", "sent");
    await expect(page.getByTestId("wall").getByText(title, { exact: true })).toBeVisible();
  };
  await submitChallenge(phones.business, PARALLEL);
  await submitChallenge(phones.government, COHERENCE);
  await submitChallenge(phones.academia, RECOGNITION);
  // The wall lists them oldest first: the order the bug opened them in.
  const wallChallenges = page.getByTestId("wall").getByTestId("challenge-group");
  await expect(wallChallenges).toHaveCount(4);
  for (const [index, title] of [HOST, PARALLEL, COHERENCE, RECOGNITION].entries())
    await expect(wallChallenges.nth(index)).toContainText(title);

  // The challenge vote: every helix gives 2 points to the third challenge and 1 to the fourth,
  // none to the two oldest, so the ranking is COHERENCE, RECOGNITION (oldest ≠ top).
  await page.getByRole("button", { name: "Go to this step: Vote on challenges" }).click();
  for (const phone of allPhones) {
    await expect(phone.getByTestId("phone-step-title")).toHaveText("Vote on challenges");
    await expect(phone.getByTestId("points-left")).toHaveText("5 points left");
    let left = 5;
    for (const [title, points] of [
      [COHERENCE, 2],
      [RECOGNITION, 1],
    ] as const) {
      for (let i = 0; i < points; i++) {
        await phone.getByRole("button", { name: `Add a point to “${title}”` }).click();
        left -= 1;
        await expect(phone.getByTestId("points-left")).toHaveText(`${left} ${left === 1 ? "point" : "points"} left`);
      }
    }
  }
  const results = projector.getByTestId("results");
  await expect(results.getByTestId("result-item").filter({ hasText: COHERENCE }).getByTestId("result-raw")).toHaveText(
    "6 points",
  );
  await expect(results.getByTestId("result-item").filter({ hasText: RECOGNITION }).getByTestId("result-raw")).toHaveText(
    "3 points",
  );
  await expect(results.getByTestId("result-item").first()).toContainText(COHERENCE);

  // Solutions: before the facilitator narrows it, every challenge is open.
  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  for (const phone of allPhones) await expect(phone.getByTestId("phone-step-title")).toHaveText("Solutions");
  await expect(projector.getByTestId("display-step-title")).toHaveText("Solutions");
  await expectMarkedOpen(projector, [HOST, PARALLEL, COHERENCE, RECOGNITION], []);

  // Top → 2 → Apply.
  await page.getByText("Top", { exact: true }).click();
  await page.getByRole("textbox", { name: "Top" }).fill("2");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("command-error")).toHaveCount(0);

  // Exactly the two the room voted for are open — on the facilitator's page, the projector and every phone.
  await expectMarkedOpen(page, [COHERENCE, RECOGNITION], [HOST, PARALLEL]);
  await expectMarkedOpen(projector, [COHERENCE, RECOGNITION], [HOST, PARALLEL]);
  for (const phone of allPhones) {
    await expectMarkedOpen(phone, [COHERENCE, RECOGNITION], [HOST, PARALLEL]);
    // The solution form offers those two, best first, and nothing else.
    await phone.getByTestId("solution-challenge").click();
    await expect(phone.getByRole("option")).toHaveText([COHERENCE, RECOGNITION]);
    if (phone === phones.government) {
      await phone.screenshot({ path: "/tmp/top-n-phone.png", fullPage: true });
    }
    await phone.keyboard.press("Escape");
    await expect(phone.getByRole("option")).toHaveCount(0);
  }
  await projector.screenshot({ path: "/tmp/top-n-projector.png" });

  // The server takes a solution to each of the two the phone offers.
  const gabor = phones.government;
  const solutions = [
    [COHERENCE, "A joint ministry–cluster working group meeting every quarter"],
    [RECOGNITION, "A health-cluster charter naming what each helix brings and gets"],
  ] as const;
  for (const [challenge, title] of solutions) {
    await choose(gabor, gabor.getByTestId("solution-challenge"), challenge);
    await gabor.getByLabel("Your solution").fill(title);
    await gabor.getByRole("button", { name: "Submit solution" }).click();
    await expect(gabor.getByTestId("my-contribution").filter({ hasText: title })).toHaveAttribute("data-status", "sent");
  }
  for (const [challenge, title] of solutions) {
    for (const screen of [page, projector, gabor]) await expect(groupOf(screen, challenge)).toContainText(title);
  }
  await expect(gabor.getByText(/does not take solutions/)).toHaveCount(0);
  await expect(gabor.locator('[data-testid="my-contribution"][data-status="failed"]')).toHaveCount(0);
  await expect(gabor.locator('[data-testid="my-contribution"][data-status="waiting"]')).toHaveCount(0);
  // The two oldest stay closed, with nothing under them.
  await expectMarkedOpen(projector, [COHERENCE, RECOGNITION], [HOST, PARALLEL]);

  expect(await seriousA11yViolations(gabor), "phone in top-N solutions").toEqual([]);
});
