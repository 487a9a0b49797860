import type { Page } from "@playwright/test";
import {
  createWorkshopViaUi,
  expect,
  expectNotReloaded,
  markNoReload,
  seriousA11yViolations,
  signUpFacilitator,
  test,
  uniqueEmail,
} from "./fixtures";

/**
 * Two facilitators run one workshop: Eszter (the owner) invites Tamás with a link she copies from
 * the team panel; he signs up from the link and joins. With both pages open, what one does shows
 * on the other's without a reload. When she removes him, his page loses the workshop at once and a
 * reload is refused; the link he used does not bring him back.
 */
const LAPTOP = { viewport: { width: 1440, height: 900 } };
const HOST_CHALLENGE = "Regional funding is spread across too many small calls";
const SECOND = "Universities and SMEs rarely share labs";

async function expectAccessible(page: Page, what: string) {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

test("an owner and a co-facilitator run the workshop together, until she removes him", async ({ page, openContext }) => {
  test.setTimeout(240_000);
  await page.setViewportSize(LAPTOP.viewport);
  const title = `Cluster day ${Date.now()}`;

  // Eszter creates the workshop; the team panel lists her as the owner and makes a link.
  await signUpFacilitator(page, "Eszter");
  await createWorkshopViaUi(page, { title });
  const panel = page.getByTestId("team-panel");
  await expect(panel.getByTestId("team-member")).toHaveCount(1);
  await expect(panel.getByTestId("team-member")).toContainText("Owner");
  await panel.getByRole("button", { name: "Invite a co-facilitator" }).click();
  const link = await panel.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
  await expect(panel.getByRole("button", { name: "Copy link" })).toBeVisible();
  await expect(panel.getByTestId("team-invitation")).toHaveCount(1);
  await expectAccessible(page, "team panel with a new link");
  await panel.screenshot({ path: "/tmp/team-panel-owner.png" });

  // Tamás, logged out, opens the link: he logs in or signs up, and comes back to it.
  const tamas = await (await openContext(LAPTOP)).newPage();
  await tamas.goto(link);
  await expect(tamas).toHaveURL(/\/login\?redirectTo=%2Finvite%2F/);
  await tamas.getByRole("link", { name: "Sign up" }).click();
  await tamas.getByLabel("Your name").fill("Tamás");
  const tamasEmail = uniqueEmail("tamas");
  await tamas.getByLabel("Email").fill(tamasEmail);
  await tamas.getByLabel("Password").fill("correct horse battery");
  await tamas.getByRole("button", { name: "Create account" }).click();
  await expect(tamas.getByRole("heading", { name: `Join the team of “${title}”` })).toBeVisible();
  await expect(tamas.getByText("Eszter invites you to co-facilitate this workshop.")).toBeVisible();
  await expectAccessible(tamas, "invitation page");
  await tamas.screenshot({ path: "/tmp/team-invitation.png" });
  await tamas.getByRole("button", { name: "Join the team" }).click();
  await expect(tamas.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(tamas.getByTestId("connection")).toHaveAttribute("data-status", "online");

  // He sees the team, without its controls; his workshops list this one as co-facilitated.
  const tamasPanel = tamas.getByTestId("team-panel");
  await expect(tamasPanel.getByTestId("team-member")).toHaveText([/Eszter.*Owner/, /Tamás.*Co-facilitator/]);
  await expect(tamasPanel.getByText("Only the owner can invite or remove facilitators.")).toBeVisible();
  await expect(tamasPanel.getByRole("button")).toHaveCount(0);
  await expectAccessible(tamas, "the co-facilitator's team panel");
  await tamasPanel.screenshot({ path: "/tmp/team-panel-co-facilitator.png" });
  const list = await tamas.context().newPage();
  await list.goto("/workshops");
  await expect(list.getByRole("listitem").filter({ hasText: title }).getByTestId("workshop-role")).toHaveText("Co-facilitator");
  await list.close();

  // Both pages open: what one does shows on the other's, live.
  await page.reload();
  await expect(panel.getByTestId("team-member")).toHaveText([/Eszter.*Owner/, /Tamás.*Co-facilitator/]);
  await expect(page.getByTestId("connection")).toHaveAttribute("data-status", "online");
  await markNoReload(page);
  await markNoReload(tamas);
  await tamas.getByLabel("Your challenge").fill(HOST_CHALLENGE);
  await tamas.getByRole("button", { name: "Submit challenge" }).click();
  await expect(page.getByTestId("wall").getByText(HOST_CHALLENGE, { exact: true })).toBeVisible();
  await page.getByLabel("Your challenge").fill(SECOND);
  await page.getByRole("button", { name: "Submit challenge" }).click();
  await expect(tamas.getByTestId("wall").getByText(SECOND, { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Go to this step: Challenges" }).click();
  const current = (p: Page) => p.getByTestId("agenda-step").and(p.locator("[data-current='true']"));
  await expect(current(tamas)).toContainText("Challenges");

  // The step change above makes his page re-read its data; a menu opened while it re-renders may
  // close under the pointer: open it again until its item is clicked.
  await expect(async () => {
    await tamas.getByRole("button", { name: `Moderation actions: ${SECOND}` }).click();
    await tamas.getByRole("menuitem", { name: "Hide" }).click({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await tamas.getByRole("dialog").getByRole("button", { name: "Hide" }).click();
  await expect(page.getByTestId("wall").getByTestId("contribution").filter({ hasText: SECOND })).toHaveAttribute(
    "data-status",
    "hidden",
  );
  await expectNotReloaded(page);
  await expectNotReloaded(tamas);

  // Eszter removes Tamás, once asked again: his page loses the workshop at once.
  await panel.getByRole("button", { name: "Remove Tamás from the team" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove from the team?" });
  await expect(confirm).toContainText("Tamás loses access to this workshop at once");
  await expectAccessible(page, "remove dialog");
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(panel.getByTestId("team-member")).toHaveCount(1);
  await expect(tamas.getByTestId("access-lost")).toContainText("You were removed from this workshop's team.");
  await expect(tamas.getByTestId("connection")).toHaveAttribute("data-status", "offline");
  await expectNotReloaded(tamas);
  const reload = await tamas.reload();
  expect(reload?.status()).toBe(404);
  await expect(tamas.getByText(title)).toHaveCount(0);

  // The link he used does not bring him back; the page says why, in his language.
  await tamas.goto(link);
  await expect(tamas.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
  await expect(tamas.getByRole("alert")).toHaveText("This invitation link has already been used. Each link works once.");
  await expectAccessible(tamas, "a used invitation link");
  await tamas.screenshot({ path: "/tmp/team-invitation-used.png" });

  // On a laptop set to Hungarian, the same link says so in Hungarian.
  const hungarian = await (await openContext({ ...LAPTOP, locale: "hu-HU" })).newPage();
  await hungarian.goto(link);
  await hungarian.getByLabel("E-mail-cím").fill(tamasEmail);
  await hungarian.getByLabel("Jelszó").fill("correct horse battery");
  await hungarian.getByRole("button", { name: "Belépés" }).click();
  await expect(hungarian.getByRole("heading", { name: "Ez a meghívó link nem működik" })).toBeVisible();
  await expect(hungarian.getByRole("alert")).toHaveText(
    "Ezt a meghívó linket már felhasználták. Minden link egyszer használható.",
  );
});

test("a facilitator changes the password from the account page: the other browser is logged out, this one stays", async ({
  page,
  openContext,
}) => {
  await page.setViewportSize(LAPTOP.viewport);
  await signUpFacilitator(page, "Eszter");
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  const address = /\((.+)\)/.exec((await page.getByText(/^Logged in as Eszter/).textContent()) ?? "")?.[1] ?? "";
  // The same facilitator logged in on a second laptop.
  const other = await (await openContext(LAPTOP)).newPage();
  await other.goto("/login");
  await other.getByLabel("Email").fill(address);
  await other.getByLabel("Password").fill("correct horse battery");
  await other.getByRole("button", { name: "Log in" }).click();
  await expect(other.getByRole("heading", { name: "My workshops" })).toBeVisible();

  // A wrong current password is refused, and says why.
  await page.getByLabel("Current password").fill("a good guess");
  await page.getByLabel("New password").fill("an even longer password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not right.")).toBeVisible();
  await expectAccessible(page, "account page with a refusal");

  await page.getByLabel("Current password").fill("correct horse battery");
  await page.getByLabel("New password").fill("an even longer password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await expectAccessible(page, "account page");
  await page.screenshot({ path: "/tmp/team-account.png" });

  await page.getByRole("link", { name: "My workshops" }).click();
  await expect(page.getByRole("heading", { name: "My workshops" })).toBeVisible();
  await other.reload();
  await expect(other).toHaveURL(/\/login/);
});
