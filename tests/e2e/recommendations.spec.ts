import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import {
  choose,
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
 * The end of the Budapest day: the facilitator drafts a recommendation from a solution, the
 * projector shows it, phones of two helices endorse it (one takes it back), and the facilitator
 * exports the interim report as DOCX and PDF from the export menu, files a partner can open.
 */
const CHALLENGE = "Improving policy coherence between ministries";
const SOLUTION = "A standing ministry–cluster working group";
const OTHER_SOLUTION = "Clusters report to every level of government";
const RECOMMENDATION = "Set up the working group by June";

async function pdfText(path: string) {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  return { pages: pdf.numPages, text: pages.join("\n").replace(/\s+/g, " ") };
}

test("recommendations drafted, endorsed by helix on phones and projector; the interim report downloaded as DOCX and PDF, the final one after closing", async ({
  page,
  openContext,
}) => {
  await signUpFacilitator(page, "Eszter");
  const { participantLink, displayLink } = await createWorkshopViaUi(page, { title: "Closing the Budapest day" });
  await page.getByLabel("Your challenge").fill(CHALLENGE);
  await page.getByRole("button", { name: "Submit challenge" }).click();
  await expect(page.getByTestId("wall").getByText(CHALLENGE)).toBeVisible();

  const projector = await (await openContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await projector.goto(displayLink);
  const gabor = await joinFromPhone(await openContext(PHONE), participantLink, "government", "Gábor");
  const bela = await joinFromPhone(await openContext(PHONE), participantLink, "business", "Béla");

  await page.getByRole("button", { name: "Go to this step: Solutions" }).click();
  await choose(bela, bela.getByTestId("solution-challenge"), CHALLENGE);
  await bela.getByLabel("Your solution").fill(SOLUTION);
  await bela.getByRole("button", { name: "Submit solution" }).click();
  await expect(page.getByTestId("wall").getByText(SOLUTION)).toBeVisible();
  await choose(gabor, gabor.getByTestId("solution-challenge"), CHALLENGE);
  await gabor.getByLabel("Your solution").fill(OTHER_SOLUTION);
  await gabor.getByRole("button", { name: "Submit solution" }).click();
  await expect(page.getByTestId("wall").getByText(OTHER_SOLUTION)).toBeVisible();

  // Both phones back the working group in the solution vote.
  await page.getByRole("button", { name: "Go to this step: Vote on solutions" }).click();
  for (const phone of [gabor, bela]) {
    await phone.getByRole("button", { name: `Add a point to “${SOLUTION}”` }).click();
    await expect(phone.getByTestId("points-left")).toHaveText("4 points left");
  }

  // The recommendations step: phones see the empty state until the first recommendation arrives.
  await page.getByRole("button", { name: "Go to this step: Recommendations" }).click();
  await expect(gabor.getByTestId("phone-recommendations")).toContainText("The facilitators are drafting the recommendations");
  await markNoReload(projector);
  await markNoReload(gabor);

  await page.getByTestId("add-recommendation").click();
  const dialog = page.getByRole("dialog");
  // Who acts is required as the title is, and says so before anyone is refused; the empty name is
  // then marked on its field.
  await expect(dialog.locator("#owner-label")).toHaveText("Who acts *");
  await dialog.getByLabel("Recommendation").fill(RECOMMENDATION);
  await dialog.getByRole("button", { name: "Add recommendation" }).click();
  await expect(dialog.getByPlaceholder("e.g. Ministry for Innovation")).toHaveAttribute("aria-invalid", "true");
  // The banner points to the marked field rather than saying its "Required." a second time.
  await expect(dialog.getByTestId("command-error")).toHaveText("Some fields need attention.");
  await dialog.screenshot({ path: "/tmp/recommendation-dialog-refused.png" });
  expect(await seriousA11yViolations(page), "the recommendation dialog, refused").toEqual([]);
  await dialog.getByLabel("Details").fill("Quarterly meetings; the clusters bring their results.");
  await dialog.getByPlaceholder("e.g. Ministry for Innovation").fill("Ministry for Innovation");
  await dialog.getByLabel("Deadline").fill("2025-06-30");
  await dialog.getByText("High priority").click();
  await dialog.getByLabel("Drafted from").click();
  // The solutions are offered best first: the one the vote backed, with its balanced score.
  await expect(page.getByRole("option").first()).toContainText(`${SOLUTION} (1)`);
  await page.getByRole("option", { name: new RegExp(SOLUTION) }).click();
  await dialog.getByLabel("Recommendation").click(); // closes the list of solutions
  await dialog.getByRole("button", { name: "Add recommendation" }).click();
  await expect(dialog).toBeHidden();

  // Live on the projector and the phones, with owner, deadline, priority and the linked solution.
  const onProjector = projector.getByTestId("display-recommendations").getByTestId("recommendation");
  await expect(onProjector).toHaveCount(1);
  await expect(onProjector.getByTestId("recommendation-title")).toHaveText(RECOMMENDATION);
  await expect(onProjector.getByTestId("recommendation-owner")).toContainText("Ministry for Innovation");
  await expect(onProjector.getByTestId("recommendation-deadline")).toContainText("Jun 30, 2025");
  await expect(onProjector.getByTestId("priority")).toHaveText("High priority");
  await expect(onProjector).toContainText(SOLUTION);
  await expect(onProjector.getByTestId("endorsements")).toContainText("0 endorsements");

  // Two helices endorse; one takes it back; every screen follows without a reload.
  for (const phone of [gabor, bela]) {
    const endorse = phone.getByTestId("endorse");
    await expect(endorse).toHaveText("Endorse");
    await endorse.click();
    await expect(endorse).toHaveText("Endorsed ✓");
    await expect(endorse).toHaveAttribute("aria-pressed", "true");
  }
  await expect(onProjector.getByTestId("endorsements")).toContainText("2 endorsements");
  await expect(onProjector.getByTestId("endorsements-government")).toHaveText("Government: 1");
  await expect(onProjector.getByTestId("endorsements-business")).toHaveText("Business: 1");
  const onFacilitator = page.getByTestId("recommendations-panel").getByTestId("recommendation");
  await expect(onFacilitator.getByTestId("endorsements")).toContainText("2 endorsements");
  expect(await seriousA11yViolations(gabor), "phone recommendations").toEqual([]);

  await bela.getByTestId("endorse").click();
  await expect(bela.getByTestId("endorse")).toHaveText("Endorse");
  await expect(onProjector.getByTestId("endorsements-business")).toHaveText("Business: 0");
  await expect(gabor.getByTestId("phone-recommendations").getByTestId("endorsements")).toContainText("1 endorsement");
  // Having endorsed, Gábor's helix is fixed.
  await expect(gabor.getByText("Your details are fixed now")).toBeVisible();
  await expectNotReloaded(projector);
  await expectNotReloaded(gabor);

  // The interim report, while the workshop is live: DOCX and PDF from the export menu.
  const download = async (item: "export-docx" | "export-pdf") => {
    await page.getByTestId("export-menu").click();
    const pending = page.waitForEvent("download");
    await page.getByTestId(item).click();
    const file = await pending;
    expect(file.suggestedFilename()).toMatch(/^closing-the-budapest-day-report-\d{4}-\d{2}-\d{2}-interim\.(docx|pdf)$/);
    const path = await file.path();
    if (!path) throw new Error("download failed");
    return path;
  };

  const docx = await JSZip.loadAsync(readFileSync(await download("export-docx")));
  const documentXml = await docx.file("word/document.xml")?.async("string");
  expect(documentXml).toBeDefined();
  const docxText = (documentXml ?? "").replace(/<[^>]+>/g, "");
  for (const text of ["Interim report", CHALLENGE, SOLUTION, RECOMMENDATION, "Ministry for Innovation"])
    expect(docxText).toContain(text);

  const pdf = await pdfText(await download("export-pdf"));
  expect(pdf.pages).toBeGreaterThan(1);
  for (const text of ["Interim report", CHALLENGE, RECOMMENDATION, `Page 1 of ${pdf.pages}`]) expect(pdf.text).toContain(text);

  // After closing: the final report (no longer interim), and the action plan stays on the phones to read.
  await page.getByRole("button", { name: "Close the workshop" }).click();
  await expect(page.getByTestId("workshop-status")).toHaveText("Closed");
  await page.getByTestId("export-menu").click();
  await expect(page.getByText("Final report")).toBeVisible();
  const pending = page.waitForEvent("download");
  await page.getByTestId("export-json").click();
  const json = await pending;
  expect(json.suggestedFilename()).toMatch(/^closing-the-budapest-day-report-\d{4}-\d{2}-\d{2}\.json$/);
  const report = JSON.parse(readFileSync((await json.path()) ?? "", "utf8"));
  expect(report).toMatchObject({ interim: false, recommendations: [{ title: RECOMMENDATION, priority: "high" }] });
  expect(report.recommendations[0].endorsements).toEqual({
    byHelix: { government: 1, academia: 0, business: 0, community: 0 },
    total: 1,
  });
  await expect(gabor.getByTestId("closed-notice")).toBeVisible();
  await expect(gabor.getByTestId("phone-recommendations").getByTestId("recommendation-title")).toHaveText(RECOMMENDATION);
  await expect(gabor.getByTestId("endorse")).toHaveCount(0);
});
