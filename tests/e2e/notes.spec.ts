import { expect, joinFromPhone, PHONE, seriousA11yViolations, signUpFacilitator, test } from "./fixtures";

/**
 * The rapporteur's notes and the edit history, on the facilitators' screens only: Eszter has the
 * workshop open in two windows; what she types in one shows in the other live, never on a phone or
 * the projector; the report downloaded afterwards prints both notes. A timer reaching zero says so
 * on the phone and the projector.
 */
const CHALLENGE = "Ministries do not talk to each other";
const STEP_NOTE = "Mayor opened at 9:05; forty people in the room";
const CHALLENGE_NOTE = "Owner: MediKlaszter with the ministry";

test("notes typed in one facilitator window reach the other live, never a phone or the projector, and are in the report; history and time up", async ({
  page,
  openContext,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signUpFacilitator(page, "Eszter");
  // The workshop made with the form's request, then its page opened (the same session cookies).
  const created = await page.request.post("/workshops/new", {
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(page.url()).origin },
    data: "title=Notes%20of%20the%20Budapest%20day&hostOrganisation=MediKlaszter&anonymity=anonymous&roles=local_stakeholder",
    maxRedirects: 0,
  });
  expect(created.status()).toBe(302);
  await page.goto(created.headers().location ?? "");
  await expect(page.getByRole("heading", { level: 1, name: "Notes of the Budapest day" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online", { timeout: 30_000 });
  const participantLink = (await page.getByTestId("participant-link").textContent()) ?? "";
  const displayLink = (await page.getByTestId("display-link").textContent()) ?? "";
  await page.getByLabel("Your challenge").fill(CHALLENGE);
  await page.getByRole("button", { name: "Submit challenge" }).click();
  await expect(page.getByTestId("wall").getByText(CHALLENGE)).toBeVisible();

  // The same facilitator in a second window (same session cookies).
  const second = await page.context().newPage();
  await second.setViewportSize({ width: 1440, height: 1000 });
  await second.goto(page.url());
  await expect(second.getByTestId("connection")).toHaveAttribute("data-status", "online");
  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  const phone = await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor");

  // A step note, autosaved.
  const stepNotes = page.getByTestId("step-notes");
  await stepNotes.getByTestId("note-text").fill(STEP_NOTE);
  await expect(stepNotes.getByTestId("note-state")).toHaveText("Saved");
  await expect(second.getByTestId("step-notes").getByTestId("note-text")).toHaveValue(STEP_NOTE);

  // A challenge note, from the challenge card.
  await page.getByRole("button", { name: `Notes: ${CHALLENGE}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByTestId("note-text").fill(CHALLENGE_NOTE);
  await expect(dialog.getByTestId("note-state")).toHaveText("Saved");
  expect(await seriousA11yViolations(page), "notes editor").toEqual([]);
  await page.screenshot({ path: "test-results/notes-challenge-dialog.png" });
  await dialog.getByRole("button", { name: "Close" }).click();
  await second.getByRole("button", { name: `Notes (written): ${CHALLENGE}` }).click();
  await expect(second.getByRole("dialog").getByTestId("note-text")).toHaveValue(CHALLENGE_NOTE);
  await second.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await page.screenshot({ path: "test-results/notes-facilitator.png", fullPage: true });

  // Never on the phone or the projector.
  for (const screen of [phone, projector]) {
    await expect(screen.locator("body")).not.toContainText(STEP_NOTE);
    await expect(screen.locator("body")).not.toContainText(CHALLENGE_NOTE);
  }

  // The history of an edited challenge.
  await page.getByRole("button", { name: `Moderation actions: ${CHALLENGE}`, exact: true }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await page.getByRole("dialog").getByLabel("Your challenge").fill(`${CHALLENGE} at all`);
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("wall").getByText(`${CHALLENGE} at all`)).toBeVisible();
  await page.getByRole("button", { name: `Moderation actions: ${CHALLENGE} at all` }).click();
  await page.getByRole("menuitem", { name: "History" }).click();
  const history = page.getByTestId("history");
  await expect(history.getByTestId("history-version")).toHaveCount(1);
  await expect(history.getByTestId("history-version")).toContainText("Replaced by Eszter (facilitator)");
  await expect(history.getByTestId("history-version")).toContainText(CHALLENGE);
  // The menu that opened the dialog closes with a transition: axe looks once it is gone.
  await expect(page.getByRole("menu")).toHaveCount(0);
  expect(await seriousA11yViolations(page), "history dialog").toEqual([]);
  await page.screenshot({ path: "test-results/notes-history.png" });
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

  // The report prints both notes.
  const workshopId = new URL(page.url()).pathname.split("/").pop();
  const report = await page.request.get(`/workshops/${workshopId}/report/md`);
  expect(report.status()).toBe(200);
  const markdown = await report.text();
  expect(markdown).toContain(STEP_NOTE);
  expect(markdown).toContain(CHALLENGE_NOTE);

  // A one-minute timer on the current step runs out: the phone and the projector say so.
  await page.getByLabel("Minutes").fill("1");
  await page.getByRole("button", { name: "Set timer" }).click();
  await page.getByRole("button", { name: "Set timer" }).locator("xpath=..").getByRole("button", { name: "Start" }).click();
  await expect(projector.getByTestId("countdown")).toHaveAttribute("data-running", "true");
  await expect(phone.getByTestId("countdown")).toHaveText("Time is up", { timeout: 75_000 });
  await expect(phone.getByTestId("countdown")).toHaveAttribute("data-ended", "true");
  await expect(projector.getByTestId("countdown")).toHaveText("Time is up");
  await phone.screenshot({ path: "test-results/notes-phone-time-up.png" });
  await projector.screenshot({ path: "test-results/notes-projector-time-up.png" });
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ]) {
    await projector.setViewportSize(size);
    const scrolls = await projector.evaluate(
      () =>
        document.documentElement.scrollHeight > window.innerHeight || document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(scrolls, `projector at ${size.width}×${size.height}`).toBe(false);
  }
});
