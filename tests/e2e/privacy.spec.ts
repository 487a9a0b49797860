import type { Page } from "@playwright/test";
import { createWorkshopViaUi, expect, joinFromPhone, PHONE, seriousA11yViolations, signUpFacilitator, test } from "./fixtures";

/**
 * Participants and privacy (docs/privacy.md), in the browser: the facilitator removes a Hungarian
 * phone's participant — the 360 px phone says so in Hungarian instead of reconnecting — then erases
 * their personal data, and neither the facilitator's page nor the projector shows the name any more.
 */
const NAME = "Zsófia Erdővári";
const ORGANISATION = "Pannon Kutatóintézet";

async function expectAccessible(page: Page, what: string) {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

test("a facilitator removes a Hungarian phone's participant, then erases their personal data", async ({ page, openContext }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUpFacilitator(page, "Eszter");
  const { participantLink, displayLink } = await createWorkshopViaUi(page, { title: "Privacy in Budapest", named: true });
  await page.getByRole("button", { name: "Start the workshop" }).click();

  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);

  // Zsófia joins from a Hungarian phone, with her name and organisation; Gábor from an English one.
  const phone = await (await openContext({ ...PHONE, locale: "hu-HU" })).newPage();
  await phone.goto(participantLink);
  await expect(phone.locator("html")).toHaveAttribute("lang", "hu");
  await phone.getByTestId("helix-option-academia").click();
  await phone.getByTestId("role-option-local_stakeholder").click();
  await phone.getByLabel("Az Ön neve (nem kötelező)").fill(NAME);
  await phone.getByLabel("Szervezet").fill(ORGANISATION);
  await phone.getByRole("button", { name: "Csatlakozom" }).click();
  await expect(phone.getByTestId("speaking-for")).toBeVisible();
  await expect(phone.getByTestId("connection")).toHaveAttribute("data-status", "online");
  const gabor = await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor");

  const table = page.getByTestId("participant-table");
  await expect(table.getByText(NAME)).toBeVisible();
  await expect(projector.getByText(NAME)).toBeVisible();

  // The dialog: what becomes of her contributions, and what erasing would keep.
  await table.getByRole("button", { name: `Remove or erase the data of ${NAME}` }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${NAME}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Erase personal data…" }).click();
  await expect(dialog.getByText(/^Kept: helix, role, contributions/)).toBeVisible();
  await expectAccessible(page, "the remove dialog");
  await page.screenshot({ path: "/tmp/privacy-dialog.png" });
  await dialog.getByRole("button", { name: "Cancel" }).last().click();
  await dialog.getByRole("radio", { name: "Keep, anonymised" }).check();
  await dialog.getByRole("button", { name: "Remove participant" }).click();
  await expect(dialog.getByTestId("participant-removed")).toBeVisible();

  // Her phone says so, in Hungarian, and stops trying to reconnect; the room sees her leave.
  await expect(phone.getByRole("heading", { name: "Eltávolítottak ebből a műhelyből" })).toBeVisible();
  await expect(phone.getByText("You were removed")).toHaveCount(0);
  await expect(table.getByText(NAME)).toHaveCount(0);
  await expect(page.getByTestId("joined-count")).toContainText("1");
  await expect(projector.getByText(NAME)).toHaveCount(0);
  await expect(gabor.getByTestId("room-count")).toContainText("1");
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(phone, "the removed phone");
  await phone.screenshot({ path: "/tmp/privacy-phone-removed.png", fullPage: true });
  // A reload still says so (her token is refused), and offers to join again as someone new.
  await phone.reload();
  await expect(phone.getByTestId("removed-screen")).toBeVisible();
  await expect(phone.getByRole("button", { name: "Csatlakozás újra, új résztvevőként" })).toBeVisible();

  // Later, the facilitator erases her personal data: she is listed among the removed participants.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  const removedList = page.getByTestId("removed-participants");
  await expect(removedList).toContainText(NAME);
  await removedList.getByRole("button", { name: `Erase the personal data of ${NAME}` }).click();
  const erase = page.getByRole("dialog", { name: `Erase the personal data of ${NAME}` });
  await expect(erase.getByRole("button", { name: "Remove participant" })).toHaveCount(0);
  await erase.getByRole("button", { name: "Erase personal data…" }).click();
  await erase.getByRole("button", { name: "Yes, erase" }).click();
  await expect(erase).toBeHidden();
  await expect(removedList).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("participant-table")).toBeVisible();
  for (const text of [NAME, ORGANISATION]) {
    await expect(page.getByText(text)).toHaveCount(0);
    await expect(projector.getByText(text)).toHaveCount(0);
  }
  await projector.reload();
  await expect(projector.getByText(NAME)).toHaveCount(0);
  await page.screenshot({ path: "/tmp/privacy-facilitator-after.png", fullPage: true });
  await projector.screenshot({ path: "/tmp/privacy-projector-after.png" });

  // Closed, the whole workshop's personal data can be erased, after a confirmation.
  await page.getByRole("button", { name: "Close the workshop" }).click();
  await page.getByTestId("erase-workshop-data").click();
  const whole = page.getByRole("dialog", { name: "Erase the personal data of this workshop" });
  await expect(whole.getByText(/^Kept: helix, role/)).toBeVisible();
  await expectAccessible(page, "the erase-workshop dialog");
  await whole.getByRole("button", { name: "Yes, erase" }).click();
  await expect(page.getByTestId("workshop-data-erased")).toBeVisible();
  await expect(page.getByTestId("participant-table").getByText("Gábor")).toHaveCount(0);
});
