import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import JSZip from "jszip";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toString as mdText } from "mdast-util-to-string";
import { gfm } from "micromark-extension-gfm";
import { type DefaultTreeAdapterMap, parse as parseHtml } from "parse5";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { HELICES } from "../../app/domain/helix";
import { buildReport } from "../../app/domain/report";
import { textWidth } from "../../app/report/columns.server";
import { type Block, type ReportDocument, reportDocument, sectionTitles } from "../../app/report/document";
import { renderReport } from "../../app/report/formats.server";
import { REPORT_LANGUAGES, REPORT_RESOURCES, type ReportLanguage, reportT } from "../../app/report/i18n";
import { budapestReport, budapestReportInput, budapestTwoDayReport, budapestTwoDayReportInput } from "../fixtures/report-model";

/**
 * The report in every language it is written in: each format read back by its own parser, every
 * word a back-end prints coming from the document's blocks, plural forms by each language's rules,
 * and table headers that are never split inside a word.
 */

const THEME = "Clusters and the quadruple helix.\n\nHow the four helices can co-create health innovation in Budapest.";
const model = () => buildReport(budapestReportInput({ workshop: { ...budapestReportInput().workshop, theme: THEME } }));

/** Every piece of text the document holds, one per line: what a back-end may print. */
function documentText(doc: ReportDocument): string {
  const out: string[] = [
    doc.title,
    doc.kicker,
    doc.subject,
    doc.runningTitle,
    doc.footer,
    doc.contentsTitle,
    doc.author,
    doc.description,
  ];
  for (const part of doc.pageLabel) if ("text" in part) out.push(part.text);
  const rich = (text: { text: string }[]) => {
    out.push(text.map((s) => s.text).join(""));
    for (const s of text) out.push(s.text);
  };
  const block = (b: Block) => {
    switch (b.type) {
      case "heading":
      case "paragraph":
      case "note":
        rich(b.text);
        return;
      case "list":
        for (const item of b.items) {
          rich(item.text);
          for (const sub of item.sub ?? []) rich(sub);
        }
        return;
      case "facts":
        for (const fact of b.items) {
          out.push(fact.label);
          rich(fact.value);
        }
        return;
      case "figures":
        for (const f of b.items) out.push(f.value, f.label);
        return;
      case "table":
        out.push(b.caption);
        for (const c of b.columns) out.push(c.header, c.short ?? "");
        for (const row of b.rows) for (const cell of row) rich(cell);
        if (b.note) rich(b.note);
        if (b.legend) rich(b.legend);
        return;
      case "charts":
        out.push(b.title ?? "");
        for (const f of b.figures) {
          rich(f.caption);
          out.push(f.chart.title, f.description, ...f.chart.bars.flatMap((bar) => [bar.label, bar.valueLabel]));
        }
        return;
    }
  };
  for (const b of [...doc.front, ...doc.body]) block(b);
  return out.join("\n");
}

/** True when `piece` (a text node of some output) is printed from the document: its words, or only numbers and marks. */
function fromDocument(piece: string, corpus: string, language: ReportLanguage): boolean {
  const flat = (s: string) => s.replace(/\s+/g, " ").toLocaleLowerCase(language);
  const haystack = flat(corpus);
  // A page number or a list marker sits between pieces of text: each piece is checked on its own,
  // without the punctuation a layout puts around it (a label's colon, a bullet).
  return piece
    .replace(/…$/, "")
    .split(/\d+/)
    .map((part) => part.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, ""))
    .filter((part) => /\p{L}{2,}/u.test(part))
    .every((part) => haystack.includes(flat(part)));
}

type Element = DefaultTreeAdapterMap["element"];
type Node = DefaultTreeAdapterMap["node"];
function htmlTextNodes(node: Node, out: string[] = []): string[] {
  if (node.nodeName === "#text") out.push((node as DefaultTreeAdapterMap["textNode"]).value);
  if (node.nodeName === "style" || node.nodeName === "svg") return out;
  for (const child of (node as Element).childNodes ?? []) htmlTextNodes(child, out);
  if ("content" in node && node.content) htmlTextNodes(node.content as unknown as Node, out);
  return out;
}

async function pdfTextItems(buf: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false }).promise;
  const items: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    for (const item of content.items) if ("str" in item && item.str.trim()) items.push(item.str);
  }
  const outline = ((await pdf.getOutline()) ?? []).map((i) => i.title);
  await pdf.destroy();
  return { items, outline };
}

const docxTexts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]));
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&amp;/g, "&");

describe.each(REPORT_LANGUAGES)("the report in %s", (language) => {
  const doc = reportDocument(model(), language);
  const corpus = documentText(doc);
  const headings = sectionTitles(language, true);

  it("puts the theme the host wrote after the summary", () => {
    const level1 = doc.body.filter((b) => b.type === "heading" && b.level === 1).map((b) => (b as { anchor?: string }).anchor);
    expect(level1.slice(0, 3)).toEqual(["summary", "theme", "participation"]);
    expect(corpus).toContain("How the four helices can co-create health innovation in Budapest.");
  });

  it("Markdown: read back by a Markdown parser, every word from the document", async () => {
    const md = (await renderReport(model(), "md", language)).toString("utf8");
    const tree = fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    const h2 = tree.children.filter((n) => n.type === "heading" && n.depth === 2).map((n) => mdText(n));
    expect(h2).toEqual(headings);
    const texts: string[] = [];
    const walk = (n: { type: string; value?: string; children?: unknown[] }) => {
      if (n.type === "text" && n.value) texts.push(n.value);
      for (const c of (n.children ?? []) as (typeof n)[]) walk(c);
    };
    walk(tree as never);
    expect(texts.filter((t) => !fromDocument(t, corpus, language))).toEqual([]);
    expect(md).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it("HTML: read back by an HTML parser, in its language, every text node from the document", async () => {
    const html = (await renderReport(model(), "html", language)).toString("utf8");
    const document = parseHtml(html);
    const texts = htmlTextNodes(document as unknown as Node).filter((t) => t.trim());
    expect(html).toContain(`<html lang="${language}">`);
    for (const h of headings) expect(texts).toContain(h);
    expect(texts.filter((t) => !fromDocument(t, corpus, language))).toEqual([]);
  });

  it("DOCX: read back from its XML, every run from the document, the proofing language set", async () => {
    const zip = await JSZip.loadAsync(await renderReport(model(), "docx", language));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    const styles = (await zip.file("word/styles.xml")?.async("string")) ?? "";
    const texts = docxTexts(xml);
    for (const h of headings) expect(texts).toContain(h);
    expect(texts.filter((t) => !fromDocument(t, corpus, language))).toEqual([]);
    expect(styles).toMatch(new RegExp(`<w:lang w:val="${language}-`));
  });

  it("PDF: read back by pdf.js, its outline the section headings, every line from the document", async () => {
    const { items, outline } = await pdfTextItems(await renderReport(model(), "pdf", language));
    expect(outline.slice(1)).toEqual(headings);
    expect(items.filter((t) => !fromDocument(t, corpus, language))).toEqual([]);
  }, 30_000);

  it("CSV and JSON: the same names and codes in every language, the words a reader sees in this one", async () => {
    const rows = parseCsv((await renderReport(model(), "csv", language)).toString("utf8"), { columns: true }) as Record<
      string,
      string
    >[];
    const english = parseCsv((await renderReport(model(), "csv", "en")).toString("utf8"), { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0])).toEqual(Object.keys(english[0]));
    expect(rows.map((r) => [r.section, r.kind, r.label, r.priority])).toEqual(
      english.map((r) => [r.section, r.kind, r.label, r.priority]),
    );
    const participation = rows.filter((r) => r.section === "participation");
    expect(participation.map((r) => r.helix_name)).toEqual(HELICES.map((h) => reportT(language)(`helix.${h}`)));
    const json = JSON.parse((await renderReport(model(), "json", language)).toString("utf8"));
    expect(json.language).toBe(language);
    expect(json.labels.helices.community).toBe(reportT(language)("helix.community"));
    expect(json.participation.byHelix).toEqual(budapestReport().participation.byHelix);
  });
});

describe("a workshop over two days, in each language", () => {
  /** The day headings of the Votes section, as each language writes them: its own word, its own date. */
  const days: Record<ReportLanguage, [string, string]> = {
    en: ["Day 1 — 14 November 2024", "Day 2 — 15 November 2024"],
    hu: ["1. nap — 2024. november 14.", "2. nap — 2024. november 15."],
    lt: ["1 diena — 2024 m. lapkričio 14 d.", "2 diena — 2024 m. lapkričio 15 d."],
    sl: ["1. dan — 14. november 2024", "2. dan — 15. november 2024"],
  };
  const undated: Record<ReportLanguage, string> = { en: "Day 2", hu: "2. nap", lt: "2 diena", sl: "2. dan" };

  it.each(REPORT_LANGUAGES)("%s: the Markdown and the DOCX name each day in the language, with its date", async (language) => {
    const markdown = (await renderReport(budapestTwoDayReport(), "md", language)).toString("utf8");
    const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    const votes = reportT(language)("section.votes");
    const nodes = tree.children;
    const start = nodes.findIndex((n) => n.type === "heading" && n.depth === 2 && mdText(n) === votes);
    const end = nodes.findIndex((n, i) => i > start && n.type === "heading" && n.depth === 2);
    const dayHeadings = nodes.slice(start + 1, end).filter((n) => n.type === "heading" && n.depth === 3);
    expect(dayHeadings.map((n) => mdText(n))).toEqual(days[language]);

    const zip = await JSZip.loadAsync(await renderReport(budapestTwoDayReport(), "docx", language));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    expect(docxTexts(xml).join("")).toContain(days[language][1]);

    const workshop = { ...budapestTwoDayReportInput().workshop, startsOn: null, endsOn: null };
    const doc = reportDocument(budapestTwoDayReport({ workshop }), language);
    const headings = doc.body
      .filter((b) => b.type === "heading" && b.level === 2)
      .map((b) => (b as { text: { text: string }[] }).text[0].text);
    expect(headings).toContain(undated[language]);
  });
});

describe("plural forms", () => {
  /** The participants part of the summary sentence, by language and count. */
  const expected: Record<ReportLanguage, Record<number, string>> = {
    en: { 1: "1 participant", 2: "2 participants", 5: "5 participants", 21: "21 participants" },
    hu: { 1: "1 résztvevő", 2: "2 résztvevő", 5: "5 résztvevő", 21: "21 résztvevő" },
    lt: { 1: "1 dalyvis", 2: "2 dalyviai", 5: "5 dalyviai", 21: "21 dalyvis" },
    sl: {
      1: "je sodeloval 1 udeleženec, ki je prispeval",
      2: "sta sodelovala 2 udeleženca, ki sta prispevala",
      5: "je sodelovalo 5 udeležencev, ki so prispevali",
      21: "je sodelovalo 21 udeležencev, ki so prispevali",
    },
  };
  const points: Record<ReportLanguage, Record<number, string>> = {
    en: { 1: "1 point", 2: "2 points", 5: "5 points", 21: "21 points" },
    hu: { 1: "1 pont", 2: "2 pont", 5: "5 pont", 21: "21 pont" },
    lt: { 1: "1 taškas", 2: "2 taškai", 5: "5 taškai", 21: "21 taškas" },
    sl: { 1: "1 točka", 2: "2 točki", 5: "5 točk", 21: "21 točk" },
  };
  it.each(REPORT_LANGUAGES)("%s: 1, 2, 5 and 21 items each take the language's own form", (language) => {
    const t = reportT(language);
    for (const n of [1, 2, 5, 21]) {
      expect(t("summary.participants", { count: n })).toBe(expected[language][n]);
      expect(t("common.points", { count: n, n: String(n) })).toBe(points[language][n]);
    }
  });

  it("Lithuanian 10 and Slovenian 3 and 102 take their own forms too", () => {
    expect(reportT("lt")("common.points", { count: 10, n: "10" })).toBe("10 taškų");
    expect(reportT("sl")("common.points", { count: 3, n: "3" })).toBe("3 točke");
    expect(reportT("sl")("common.points", { count: 102, n: "102" })).toBe("102 točki");
  });

  it("a summary of one participant, two challenges, five solutions and 21 points reads in each language", () => {
    const input = budapestReportInput();
    const one = buildReport({ ...input, participants: input.participants.slice(0, 1), pointsGiven: 21 });
    const sentence = (language: ReportLanguage) => {
      const b = reportDocument(one, language).body[1] as Extract<Block, { type: "paragraph" }>;
      return b.text.map((s) => s.text).join("");
    };
    expect(sentence("en")).toBe("1 participant contributed 5 challenges and 4 solutions and gave 21 points in the votes.");
    expect(sentence("lt")).toBe("1 dalyvis pateikė 5 iššūkius ir 4 sprendimus, o balsavimuose skyrė 21 tašką.");
    expect(sentence("sl")).toBe(
      "Na delavnici je sodeloval 1 udeleženec, ki je prispeval 5 izzivov in 4 rešitve; na glasovanjih je bilo podeljenih 21 točk.",
    );
  });
});

describe("report strings", () => {
  const PLURAL = /_(zero|one|two|few|many|other)$/;
  const leaves = (value: unknown, prefix = ""): string[] =>
    typeof value === "object" && value !== null
      ? Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
      : [prefix];
  it("every language has every key of English, in its own plural forms", () => {
    const english = leaves(REPORT_RESOURCES.en);
    for (const language of REPORT_LANGUAGES) {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const plain = english.filter((k) => !PLURAL.test(k));
      const bases = [...new Set(english.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, "")))];
      const want = [...plain, ...bases.flatMap((b) => categories.map((c) => `${b}_${c}`))].sort();
      expect(leaves(REPORT_RESOURCES[language]).sort(), language).toEqual(want);
    }
  });

  it("no back-end writes a sentence: renderers hold no words of the report", () => {
    // Every word a partner reads comes from the document (the tests above check each format's
    // output); this catches a sentence creeping back into a renderer's source.
    const english = new Set(
      Object.values(REPORT_RESOURCES.en)
        .flatMap((v) => JSON.stringify(v).match(/[A-Za-z][a-z]{3,}/g) ?? [])
        .filter((w) => w.length > 4)
        .map((w) => w.toLowerCase()),
    );
    const allowed = new Set([
      "table",
      "color",
      "title",
      "label",
      "value",
      "note",
      "chart",
      "charts",
      "width",
      "height",
      "header",
      "footer",
      "document",
      "contents",
      "number",
      "total",
      "field",
      "heading",
      "paragraph",
      "figures",
      "facts",
      "legend",
      "short",
      "caption",
      "report",
      "helix",
      "muted",
      "strong",
      "badge",
      "bullet",
      "right",
      "bottom",
      "single",
      "style",
      "section",
      "sections",
      "summary",
      "annex",
      "language",
      "kicker",
      "subject",
      "author",
      "description",
      "keywords",
      "space",
      "first",
      "break",
      "after",
      "before",
      "border",
      "shading",
      "columns",
      "merged",
      "review",
      "scale",
      "ranked",
      "items",
    ]);
    for (const file of ["docx.server.ts", "pdf.server.ts", "html.ts", "markdown.ts"]) {
      const source = readFileSync(resolve(__dirname, "../../app/report", file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "")
        .replace(/const style = [\s\S]*?\n`;\n/, ""); // the HTML's stylesheet: class names, not words
      const literals = [...source.matchAll(/"([^"\\\n]*)"|`([^`\\\n]*)`/g)].map((m) => m[1] ?? m[2]);
      const words = literals.flatMap((l) => l.match(/\b[A-Za-z][a-z]{4,}\b/g) ?? []).map((w) => w.toLowerCase());
      const english_ = words.filter((w) => english.has(w) && !allowed.has(w));
      expect(english_, file).toEqual([]);
    }
  });
});

describe("table headers never split inside a word", () => {
  it.each(REPORT_LANGUAGES)("%s: every header word fits its DOCX column, measured with the report's font", async (language) => {
    const zip = await JSZip.loadAsync(await renderReport(model(), "docx", language));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([t]) => t);
    let checked = 0;
    for (const table of tables) {
      const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]) / 20);
      const header = /<w:tr>[\s\S]*?<\/w:tr>/.exec(table)?.[0] ?? "";
      if (!header.includes("<w:tblHeader/>")) continue;
      const cells = [...header.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([c]) => docxTexts(c).join(""));
      expect(cells.length).toBe(grid.length);
      for (const [i, text] of cells.entries())
        for (const word of text.split(/\s+/).filter(Boolean)) {
          // 8 pt bold headers, 3 pt of cell margin each side.
          expect(textWidth(word, "bold", 8) + 6, `${language}: "${word}" in a column of ${grid[i]} pt`).toBeLessThanOrEqual(
            grid[i] + 0.5,
          );
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
