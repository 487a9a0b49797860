import type { Page } from "@playwright/test";
import {
  expect as baseExpect,
  choose,
  joinFromPhone,
  PHONE,
  seriousA11yViolations,
  signUpFacilitator,
  test,
  uniqueEmail,
} from "./fixtures";

// A long walk on a shared machine: a navigation or a live update may take several seconds.
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * Issue 13, "done when": a team of two facilitators runs a two-day workshop copied from last
 * year's, removes a participant and erases their data, writes notes that appear in the report,
 * and archives it afterwards — in the browser, every step through the screens.
 *
 * Eszter (owner) copies last year's Budapest workshop (its agenda and host challenge come along,
 * nothing of last year's room), sets this year's dates and puts the recommendations and the close
 * on day two, and invites Tamás, who signs up from the link. On day one, Tamás writes the step's
 * and a challenge's notes while Eszter's page shows them live; Zsófia's phone is removed and her
 * personal data erased. On day two Gábor's phone is still Gábor; the workshop closes; the report
 * prints both notes and no trace of Zsófia; Eszter archives it and finds it again with the filter.
 */
const LAPTOP = { viewport: { width: 1440, height: 900 } };
const LAST_YEAR = `Budapest peer review 2025 ${Date.now()}`;
const THIS_YEAR = LAST_YEAR.replace("2025", "2026");
const HOST_CHALLENGE = "Funding is spread over too many small calls";
const ZSOFIA = "Zsófia Erdővári";
const ZSOFIA_ORG = "Pannon Kutatóintézet";
const ZSOFIA_CHALLENGE = "Labs are not shared between universities and SMEs";
const STEP_NOTE = "Day one: the ministry and three clusters agreed to meet monthly";
const CHALLENGE_NOTE = "Rapporteur: a single call calendar was asked for by every helix";

async function expectAccessible(page: Page, what: string) {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

const currentStep = (page: Page) => page.getByTestId("agenda-step").and(page.locator("[data-current='true']"));

test("a team of two runs a two-day workshop copied from last year's, removes and erases a participant, writes notes that reach the report, and archives it", async ({
  page,
  openContext,
}) => {
  test.setTimeout(420_000);
  await page.setViewportSize(LAPTOP.viewport);

  // ── Last year's workshop, with a host challenge ─────────────────────────────────────────────
  await signUpFacilitator(page, "Eszter");
  await page.getByRole("link", { name: "New workshop" }).click();
  await page.getByLabel("Title").fill(LAST_YEAR);
  await page.getByLabel("Host organisation").fill("MediKlaszter");
  await page.getByLabel("Venue").fill("Budapest");
  await page.getByLabel(/Named: the projector/).check();
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: LAST_YEAR })).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await page.getByLabel("Your challenge").fill(HOST_CHALLENGE);
  await page.getByRole("button", { name: "Submit challenge" }).click();
  await expect(page.getByTestId("wall").getByText(HOST_CHALLENGE, { exact: true })).toBeVisible();

  // ── This year's: a copy, on two days ────────────────────────────────────────────────────────
  await page.getByRole("button", { name: "Duplicate" }).click();
  const duplicate = page.getByRole("dialog", { name: "Duplicate as the start of a new workshop" });
  await duplicate.getByLabel("Title of the new workshop").fill(THIS_YEAR);
  await duplicate.getByRole("button", { name: "Create the copy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: THIS_YEAR })).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online");
  // The host challenge came along; nobody of last year's room did.
  await expect(page.getByTestId("wall").getByText(HOST_CHALLENGE, { exact: true })).toBeVisible();
  await expect(page.getByTestId("joined-count")).toContainText("0");

  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const settings = page.getByRole("dialog", { name: "Workshop settings" });
  await settings.getByLabel("First day").fill("2026-11-14");
  await settings.getByLabel("Last day").fill("2026-11-15");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings).toBeHidden();

  await page.getByRole("button", { name: "Edit agenda" }).click();
  const editor = page.getByRole("dialog", { name: "Edit agenda" });
  await choose(page, editor.getByRole("textbox", { name: "Day of this step: Recommendations" }), "Day 2");
  await expect(editor.getByRole("textbox", { name: "Day of this step: Closing" })).toBeVisible();
  await choose(page, editor.getByRole("textbox", { name: "Day of this step: Closing" }), "Day 2");
  await editor.getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("agenda-day-title")).toHaveText(["Day 1 — Nov 14, 2026", "Day 2 — Nov 15, 2026"]);
  const workshopUrl = page.url();
  const workshopId = new URL(workshopUrl).pathname.split("/").pop() ?? "";
  const participantLink = (await page.getByTestId("participant-link").textContent()) ?? "";
  const displayLink = (await page.getByTestId("display-link").textContent()) ?? "";

  // ── The team: Tamás joins from the link Eszter copies ───────────────────────────────────────
  const panel = page.getByTestId("team-panel");
  await panel.getByRole("button", { name: "Invite a co-facilitator" }).click();
  const link = await panel.getByLabel("Invitation link").inputValue();
  const tamas = await (await openContext(LAPTOP)).newPage();
  await tamas.goto(link);
  await tamas.getByRole("link", { name: "Sign up" }).click();
  await tamas.getByLabel("Your name").fill("Tamás");
  await tamas.getByLabel("Email").fill(uniqueEmail("tamas"));
  await tamas.getByLabel("Password").fill("correct horse battery");
  await tamas.getByRole("button", { name: "Create account" }).click();
  await tamas.getByRole("button", { name: "Join the team" }).click();
  await expect(tamas.getByRole("heading", { level: 1, name: THIS_YEAR })).toBeVisible();
  await expect(tamas.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await page.reload();
  await expect(panel.getByTestId("team-member")).toHaveText([/Eszter.*Owner/, /Tamás.*Co-facilitator/]);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online");

  // ── Day one: the room opens; phones join ────────────────────────────────────────────────────
  await page.getByRole("button", { name: "Start the workshop" }).click();
  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  const zsofia = await (await openContext(PHONE)).newPage();
  await zsofia.goto(participantLink);
  await zsofia.getByTestId("helix-option-academia").click();
  await zsofia.getByTestId("role-option-local_stakeholder").click();
  await zsofia.getByLabel("Your name (optional)").fill(ZSOFIA);
  await zsofia.getByLabel("Organisation").fill(ZSOFIA_ORG);
  await zsofia.getByRole("button", { name: "Join" }).click();
  await expect(zsofia.getByTestId("connection")).toHaveAttribute("data-status", "online");
  const gaborContext = await openContext(PHONE);
  const gabor = await joinFromPhone(gaborContext, participantLink, "government", "Gábor");
  await expect(page.getByTestId("participant-table").getByText(ZSOFIA)).toBeVisible();

  // Tamás runs the challenges step; Zsófia submits one.
  await tamas.getByRole("button", { name: "Go to this step: Challenges" }).click();
  await expect(currentStep(page)).toContainText("Challenges");
  await zsofia.getByLabel("Your challenge").fill(ZSOFIA_CHALLENGE);
  await zsofia.getByRole("button", { name: "Submit challenge" }).click();
  await expect(page.getByTestId("wall").getByText(ZSOFIA_CHALLENGE, { exact: true })).toBeVisible();

  // Tamás writes the step's note and the host challenge's; Eszter's page has them live.
  const tamasNotes = tamas.getByTestId("step-notes");
  await tamasNotes.getByTestId("note-text").fill(STEP_NOTE);
  await expect(tamasNotes.getByTestId("note-state")).toHaveText("Saved");
  await expect(page.getByTestId("step-notes").getByTestId("note-text")).toHaveValue(STEP_NOTE);
  await tamas.getByRole("button", { name: `Notes: ${HOST_CHALLENGE}` }).click();
  const noteDialog = tamas.getByRole("dialog");
  await noteDialog.getByTestId("note-text").fill(CHALLENGE_NOTE);
  await expect(noteDialog.getByTestId("note-state")).toHaveText("Saved");
  await noteDialog.getByRole("button", { name: "Close" }).click();
  await page.getByRole("button", { name: `Notes (written): ${HOST_CHALLENGE}` }).click();
  await expect(page.getByRole("dialog").getByTestId("note-text")).toHaveValue(CHALLENGE_NOTE);
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  for (const screen of [projector, gabor]) await expect(screen.locator("body")).not.toContainText(CHALLENGE_NOTE);

  // Eszter removes Zsófia (her challenge stays, anonymised), then erases her personal data.
  const table = page.getByTestId("participant-table");
  await table.getByRole("button", { name: `Remove or erase the data of ${ZSOFIA}` }).click();
  const remove = page.getByRole("dialog", { name: `Remove ${ZSOFIA}` });
  await remove.getByRole("radio", { name: "Keep, anonymised" }).check();
  await remove.getByRole("button", { name: "Remove participant" }).click();
  await expect(remove.getByTestId("participant-removed")).toBeVisible();
  await expect(zsofia.getByTestId("removed-screen")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(remove).toBeHidden();
  const removedList = page.getByTestId("removed-participants");
  await removedList.getByRole("button", { name: `Erase the personal data of ${ZSOFIA}` }).click();
  const erase = page.getByRole("dialog", { name: `Erase the personal data of ${ZSOFIA}` });
  await erase.getByRole("button", { name: "Erase personal data…" }).click();
  await erase.getByRole("button", { name: "Yes, erase" }).click();
  await expect(erase).toBeHidden();
  for (const screen of [page, tamas, projector]) await expect(screen.getByText(ZSOFIA)).toHaveCount(0);
  await expect(page.getByTestId("wall").getByText(ZSOFIA_CHALLENGE, { exact: true })).toBeVisible();

  // ── Day two: the same phone is the same participant ─────────────────────────────────────────
  await page.getByRole("button", { name: "Go to this step: Recommendations" }).click();
  await expect(currentStep(tamas)).toContainText("Recommendations");
  const gaborAgain = await gaborContext.newPage();
  await gaborAgain.goto(participantLink);
  await expect(gaborAgain.getByTestId("speaking-for")).toBeVisible();
  await expect(gaborAgain.getByRole("button", { name: "Join" })).toHaveCount(0);
  await expect(page.getByTestId("joined-count")).toContainText("1");

  await tamas.getByRole("button", { name: "Close the workshop" }).click();
  await expect(page.getByTestId("workshop-status")).toHaveText("Closed");

  // ── The report: both notes, nothing of Zsófia but her anonymised challenge ──────────────────
  const report = await page.request.get(`/workshops/${workshopId}/report/md`);
  expect(report.status()).toBe(200);
  const markdown = await report.text();
  for (const text of [THIS_YEAR, STEP_NOTE, CHALLENGE_NOTE, HOST_CHALLENGE, ZSOFIA_CHALLENGE]) expect(markdown).toContain(text);
  for (const text of [ZSOFIA, ZSOFIA_ORG]) expect(markdown).not.toContain(text);

  // ── Afterwards: archived, read-only, found again with the filter ────────────────────────────
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(page.getByTestId("archived-notice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Settings", exact: true })).toHaveCount(0);
  // Read-only: what would change it is not offered (the services refuse it anyway).
  for (const control of [
    page.getByRole("button", { name: "Reopen" }),
    page.getByLabel("Your challenge"),
    page.getByRole("button", { name: "Replace the projector link" }),
    page.getByRole("button", { name: "Remove or erase the data of Gábor" }),
  ])
    await expect(control).toHaveCount(0);
  // Erasing personal data stays possible: it is owed to the people, and the results do not change.
  await expect(page.getByTestId("erase-workshop-data")).toBeVisible();
  await expectAccessible(page, "the archived workshop");
  await page.screenshot({ path: "test-results/team-day-archived-1440.png", fullPage: true });
  // Still exportable.
  expect((await page.request.get(`/workshops/${workshopId}/report/md`)).status()).toBe(200);
  await page.getByRole("link", { name: /All workshops/ }).click();
  await expect(page.getByRole("link", { name: LAST_YEAR })).toBeVisible();
  await expect(page.getByRole("link", { name: THIS_YEAR })).toHaveCount(0);
  await page.getByLabel("Show").selectOption("archived");
  await expect(page.getByRole("link", { name: THIS_YEAR })).toBeVisible();
  await expect(page.getByRole("link", { name: LAST_YEAR })).toHaveCount(0);
  // Tamás's list says the same: the archive is the team's.
  await tamas.goto("/workshops");
  await expect(tamas.getByRole("link", { name: THIS_YEAR })).toHaveCount(0);
});
