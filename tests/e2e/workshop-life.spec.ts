import type { Page } from "@playwright/test";
import { expect as baseExpect, choose, seriousA11yViolations, signUpFacilitator, test } from "./fixtures";

// Pages are rendered by a shared, busy machine: a navigation may take several seconds.
const expect = baseExpect.configure({ timeout: 30_000 });

/**
 * A year later: Eszter duplicates last year's Budapest workshop as the start of this year's, sets
 * it up over two days, keeps the agenda as a template for Pécs, archives last year's, finds it
 * again with the filter, and deletes it by typing its title.
 */

const shots = "test-results/workshop-life";

async function expectAccessible(page: Page, what: string) {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

test("a workshop's life: duplicate, settings, two days, template, archive, find, delete", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signUpFacilitator(page, "Eszter");
  await page.getByRole("link", { name: "New workshop" }).click();
  await page.getByLabel("Title").fill("Budapest peer review 2025");
  await page.getByLabel("Host organisation").fill("MediKlaszter");
  await page.getByLabel("Venue").fill("Budapest");
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Budapest peer review 2025" })).toBeVisible();

  // Duplicate last year's workshop.
  await page.getByRole("button", { name: "Duplicate" }).click();
  const duplicate = page.getByRole("dialog", { name: "Duplicate as the start of a new workshop" });
  await expect(duplicate.getByLabel("Title of the new workshop")).toHaveValue("Budapest peer review 2025 (copy)");
  await expectAccessible(page, "the duplicate dialog");
  await duplicate.getByLabel("Title of the new workshop").fill("Budapest peer review 2026");
  await duplicate.getByRole("button", { name: "Create the copy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Budapest peer review 2026" })).toBeVisible();
  await expect(page.getByTestId("workshop-status")).toContainText("Draft");

  // Edit the copy's settings: venue and two dates.
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  const settings = page.getByRole("dialog", { name: "Workshop settings" });
  await settings.getByLabel("Venue").fill("Millenáris, Budapest");
  await settings.getByLabel("First day").fill("2026-11-14");
  await settings.getByLabel("Last day").fill("2026-11-15");
  await settings.getByLabel("Erase it after a number of days").check();
  await expectAccessible(page, "the settings dialog");
  await page.screenshot({ path: `${shots}/settings-1440.png`, fullPage: false });
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Millenáris, Budapest/)).toBeVisible();

  // Two days: recommendations and the close move to day two.
  await page.getByRole("button", { name: "Edit agenda" }).click();
  const editor = page.getByRole("dialog", { name: "Edit agenda" });
  await choose(page, editor.getByRole("textbox", { name: "Day of this step: Recommendations" }), "Day 2");
  await expect(editor.getByRole("textbox", { name: "Day of this step: Closing" })).toBeVisible();
  await choose(page, editor.getByRole("textbox", { name: "Day of this step: Closing" }), "Day 2");
  await expectAccessible(page, "the agenda editor with days");
  await editor.getByRole("button", { name: "Close" }).click();
  const days = page.getByTestId("agenda-day-title");
  await expect(days).toHaveText(["Day 1 — Nov 14, 2026", "Day 2 — Nov 15, 2026"]);
  await page.screenshot({ path: `${shots}/two-days-1440.png`, fullPage: true });

  // Save the agenda as a template and start Pécs from it.
  await page.getByRole("button", { name: "Save agenda as template" }).click();
  const template = page.getByRole("dialog", { name: "Save agenda as template" });
  await template.getByLabel("Template name").fill("Two-day review");
  await template.getByRole("button", { name: "Save template" }).click();
  await page.getByRole("link", { name: /All workshops/ }).click();
  await expect(page.getByTestId("agenda-templates")).toContainText("Two-day review");
  await page.getByRole("link", { name: "New workshop" }).click();
  await expect(page.getByLabel("Agenda")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Title").fill("Pécs 2027");
  await page.getByLabel("Host organisation").fill("Pannon Cluster");
  await page.getByLabel("Agenda").selectOption({ label: "Two-day review" });
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pécs 2027" })).toBeVisible();
  await expect(page.getByTestId("agenda-day")).toHaveCount(2);

  // Archive last year's: read-only, hidden from the list.
  await page.getByRole("link", { name: /All workshops/ }).click();
  await page.getByRole("link", { name: "Budapest peer review 2025" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Budapest peer review 2025" })).toBeVisible();
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(page.getByTestId("archived-notice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Settings", exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: /All workshops/ }).click();
  await expect(page.getByRole("link", { name: "Budapest peer review 2026" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Budapest peer review 2025" })).toHaveCount(0);

  // Find it with the filter and the search.
  await page.getByLabel("Show").selectOption("archived");
  await expect(page.getByRole("link", { name: "Budapest peer review 2025" })).toBeVisible();
  await page.getByLabel("Search title, host or venue").fill("pecs");
  await expect(page.getByTestId("workshops-empty")).toContainText("No workshop matches.");
  await page.getByLabel("Search title, host or venue").fill("2025");
  await expect(page.getByRole("link", { name: "Budapest peer review 2025" })).toBeVisible();
  await expectAccessible(page, "the filtered list");
  await page.screenshot({ path: `${shots}/list-archived-1440.png`, fullPage: true });

  // Delete it, typing its title.
  await page.getByRole("link", { name: "Budapest peer review 2025" }).click();
  await expect(page.getByTestId("archived-notice")).toBeVisible();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const remove = page.getByRole("dialog", { name: "Delete this workshop" });
  const confirm = remove.getByRole("button", { name: "Delete for good" });
  await expect(confirm).toBeDisabled();
  await remove.getByLabel("Type the workshop's title to confirm").fill("Budapest peer review");
  await expect(confirm).toBeDisabled();
  await remove.getByLabel("Type the workshop's title to confirm").fill("Budapest peer review 2025");
  await expectAccessible(page, "the delete dialog");
  await page.screenshot({ path: `${shots}/delete-1440.png` });
  await confirm.click();
  await expect(page.getByRole("heading", { name: "My workshops" })).toBeVisible();
  await page.getByLabel("Show").selectOption("all");
  await expect(page.getByRole("link", { name: "Pécs 2027" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Budapest peer review 2025" })).toHaveCount(0);
});
