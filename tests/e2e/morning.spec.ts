import {
  expect,
  expectNotReloaded,
  markNoReload,
  PHONE,
  readQrCode,
  seriousA11yViolations,
  signUpFacilitator,
  test,
} from "./fixtures";

/**
 * The morning of the Budapest peer-review day: the facilitator opens the workshop, the projector
 * shows the code, phones join through the QR link, and everyone sees the room fill up live.
 */
test("a facilitator opens a workshop and two phones join live, one in Hungarian", async ({ page, openContext }) => {
  // The facilitator signs up and lands on an empty "My workshops".
  await signUpFacilitator(page, "Eszter Facilitator");
  await expect(page.getByText("You have no workshops yet.")).toBeVisible();

  // …and creates the workshop.
  await page.getByRole("link", { name: "New workshop" }).click();
  await page.getByLabel("Title").fill("Improving the cooperation of clusters with the Hungarian Quadruple Helix");
  await page.getByLabel("Host organisation").fill("MediKlaszter");
  await page.getByLabel("Theme").fill("About **40 active clusters** remain of the 200 Hungary had in 2013.");
  await page.getByLabel("Venue").fill("Budapest");
  await page.getByLabel("First day").fill("2024-11-14");
  await page.getByLabel("Last day").fill("2024-11-15");
  await page.getByLabel(/Named: the projector/).check();
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Improving the cooperation/ })).toBeVisible();
  await expect(page.getByText("Nobody has joined yet.")).toBeVisible();

  const joinCode = (await page.getByTestId("join-code").textContent())?.trim() ?? "";
  expect(joinCode).toMatch(/^[A-Z0-9]{6}$/);
  const participantLink = (await page.getByTestId("participant-link").textContent()) ?? "";
  const displayLink = (await page.getByTestId("display-link").textContent()) ?? "";
  expect(participantLink).toMatch(new RegExp(`/j/${joinCode}$`));
  // What a phone camera reads from the QR code is the participant link.
  const qrTarget = await readQrCode(page.getByRole("img", { name: "QR code that opens the participant link" }));
  expect(qrTarget).toBe(participantLink);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await markNoReload(page);

  // The projector shows the code and an empty room.
  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  await expect(projector.getByTestId("display-join-code")).toHaveText(joinCode);
  expect(await readQrCode(projector.getByRole("img", { name: "QR code that opens the participant link" }))).toBe(participantLink);
  await expect(projector.getByTestId("display-total")).toHaveText("0");
  await expect(projector.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await markNoReload(projector);

  // A business participant joins in English through the QR link.
  const anna = await (await openContext({ ...PHONE, locale: "en-GB" })).newPage();
  await anna.goto(qrTarget);
  await expect(anna.getByRole("heading", { name: /Welcome to Improving the cooperation/ })).toBeVisible();
  await expect(anna.getByText("40 active clusters")).toBeVisible();
  expect(await seriousA11yViolations(anna), "join page").toEqual([]);
  await anna.getByTestId("helix-option-business").click();
  await anna.getByTestId("role-option-local_stakeholder").click();
  await anna.getByLabel("Your name (optional)").fill("Anna");
  await anna.getByLabel("Organisation (optional)").fill("MediKlaszter member company");
  await anna.getByRole("button", { name: "Join" }).click();
  await expect(anna.getByTestId("youre-in")).toHaveText("You're in!");
  await expect(anna.getByTestId("speaking-for")).toContainText("Business");
  await expect(anna.getByTestId("connection")).toHaveAttribute("data-status", "online");
  expect(await seriousA11yViolations(anna), "phone lobby").toEqual([]);

  // The facilitator and the projector see her arrive without a reload.
  await expect(page.getByTestId("joined-count")).toHaveText("1 participant has joined");
  await expect(page.getByTestId("helix-count-business")).toContainText("1");
  await expect(page.getByTestId("participant-table")).toContainText("Anna");
  await expect(projector.getByTestId("display-total")).toHaveText("1");
  await expect(projector.getByTestId("helix-count-business")).toContainText("1");
  await expect(projector.getByTestId("display-names")).toContainText("Anna");

  // A community participant whose phone speaks Hungarian joins through the same link.
  const bence = await (await openContext({ ...PHONE, locale: "hu-HU" })).newPage();
  await bence.goto(qrTarget);
  await expect(bence.getByRole("button", { name: "Csatlakozom" })).toBeVisible();
  await expect(bence.getByText("Melyik spirált képviseli?")).toBeVisible();
  expect(await seriousA11yViolations(bence), "Hungarian join page").toEqual([]);
  await bence.getByTestId("helix-option-community").click();
  await bence.getByTestId("role-option-local_stakeholder").click();
  await bence.getByLabel("Az Ön neve (nem kötelező)").fill("Bence");
  await bence.getByRole("button", { name: "Csatlakozom" }).click();
  await expect(bence.getByTestId("youre-in")).toHaveText("Bent van!");
  await expect(bence.getByTestId("speaking-for")).toContainText("Civil társadalom");

  await expect(page.getByTestId("joined-count")).toHaveText("2 participants have joined");
  await expect(page.getByTestId("helix-count-community")).toContainText("1");
  await expect(page.getByTestId("absent-helices")).toContainText("Government, Academia");
  await expect(projector.getByTestId("display-total")).toHaveText("2");
  await expect(projector.getByTestId("helix-count-community")).toContainText("1");
  await expect(projector.getByTestId("absent-helices")).toBeVisible();
  // Anna's phone sees the room grow too.
  await expect(anna.getByTestId("room-count")).toHaveText("2 people in the room");
  await expectNotReloaded(page);
  await expectNotReloaded(projector);

  // The facilitator's lobby passes axe as well.
  expect(await seriousA11yViolations(page), "facilitator lobby").toEqual([]);

  // Opening the link again on the same phone returns the same participant, not a new one.
  await anna.goto(participantLink);
  await expect(anna.getByTestId("youre-in")).toBeVisible();
  await expect(anna.getByTestId("room-count")).toHaveText("2 people in the room");
  await expect(page.getByTestId("joined-count")).toHaveText("2 participants have joined");
});

test("a phone switches to Hungarian with the language switch", async ({ openContext }) => {
  const phone = await (await openContext({ ...PHONE, locale: "en-US" })).newPage();
  await phone.goto("/join");
  await expect(phone.getByRole("heading", { name: "Join a workshop" })).toBeVisible();
  await phone.getByText("Magyar").click();
  await expect(phone.getByRole("heading", { name: "Csatlakozás egy műhelyhez" })).toBeVisible();
  await phone.reload();
  await expect(phone.getByRole("heading", { name: "Csatlakozás egy műhelyhez" })).toBeVisible();
});
