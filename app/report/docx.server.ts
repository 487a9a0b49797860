import {
  AlignmentType,
  BorderStyle,
  Document,
  FileChild,
  Footer,
  Header,
  HeadingLevel,
  type IBorderOptions,
  ImageRun,
  type IXmlableObject,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { HELIX_COLORS, type Helix } from "../domain/helix";
import { chartPng } from "./chart-png.server";
import { CHART_LAYOUT, chartHeight } from "./charts";
import { layoutColumns } from "./columns.server";
import type { Block, ChartFigure, Column as DocumentColumn, ReportDocument, Rich } from "./document";

/**
 * The report as a Word document (DOCX): the document's blocks laid out, a title block, a table of
 * contents (filled in from the headings, and brought up to date with page numbers when Word opens
 * the file), then the sections. It writes no sentence of its own. Text only ever goes into text
 * runs, which the docx library escapes, never into fields or hyperlinks, so it shows as typed and
 * does nothing.
 *
 * Big workshops hold thousands of items, so the bulk of the document (the data tables and the
 * annex's list of contributions) is written as lean WordprocessingML objects that docx's own
 * serialiser writes and escapes (a component's `prepForXml`, docx's extension point), rather than
 * as one docx object per cell and run, which takes several times the time and memory. Table
 * columns are as wide as their content needs (columns.server.ts): no header is split inside a word.
 */

const FONT = "Calibri";
const TEXT = "212529";
const MUTED = "6C757D";
const ACCENT = "1F3A5F";
const RULE = "CED4DA";
const HEADER_FILL = "E9ECEF";
const hex = (colour: string) => colour.replace(/^#/, "").toUpperCase();
const helixColour = (h: Helix) => hex(HELIX_COLORS[h]);

/** A4, 2 cm margins: the text is 9638 twips (6.69 in, 642 px) wide. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const TABLE_TEXT = 18;
const HEADER_TEXT = 16;

/**
 * Text typed by a person, safe for XML: the docx serialiser escapes markup (`<`, `&`, quotes) and
 * drops control characters; what it leaves that XML still forbids (lone surrogates, U+FFFE/U+FFFF)
 * is replaced here.
 */
const clean = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g, "\uFFFD");

/** A piece of text and its look: what both the docx runs and the lean XML are made from. */
type Span = { text: string; bold?: boolean; italics?: boolean; color?: string; size?: number };
const span = (text: string, look: Omit<Span, "text"> = {}): Span => ({ text, ...look });

/** docx runs of spans; line breaks in the text become breaks. */
function runs(spans: readonly Span[]): TextRun[] {
  return spans.flatMap(({ text, ...look }) =>
    clean(text)
      .split(/\r\n|\r|\n/)
      .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...look })),
  );
}
const run = (text: string, look: Omit<Span, "text"> = {}) => runs([span(text, look)]);

// ---------------------------------------------------------------------------------------------
// Lean WordprocessingML for the bulk of the document

const attr = (attributes: Record<string, string | number>) => ({ _attr: attributes });

/*
 * The serialiser only reads these objects, so the parts that repeat (a run's look, a paragraph's
 * style, a row's and a cell's properties) are made once and shared: a big report holds tens of
 * thousands of cells.
 */
const shared = <T>(make: (key: string) => T) => {
  const made = new Map<string, T>();
  return (key: string) => {
    const known = made.get(key);
    if (known !== undefined) return known;
    const value = make(key);
    made.set(key, value);
    return value;
  };
};
const PRESERVE = attr({ "xml:space": "preserve" });
const BREAK = { "w:br": {} };
const runProperties = shared((key) => {
  const [bold, italics, color, size] = key.split("|");
  return {
    "w:rPr": [
      ...(bold ? [{ "w:b": {} }] : []),
      ...(italics ? [{ "w:i": {} }] : []),
      ...(color ? [{ "w:color": attr({ "w:val": color }) }] : []),
      ...(size ? [{ "w:sz": attr({ "w:val": size }) }] : []),
    ],
  };
});
const paragraphProperties = shared((style) => ({ "w:pPr": [{ "w:pStyle": attr({ "w:val": style }) }] }));

/** `w:r` elements of spans (their text escaped by docx's serialiser when it writes them). */
function leanRuns(spans: readonly Span[]): IXmlableObject[] {
  return spans.map(({ text, bold, italics, color, size }) => {
    const lines = clean(text).split(/\r\n|\r|\n/);
    const content =
      lines.length === 1
        ? [{ "w:t": [PRESERVE, lines[0]] }]
        : lines.flatMap((line, i) => [...(i > 0 ? [BREAK] : []), { "w:t": [PRESERVE, line] }]);
    const look = bold || italics || color || size ? `${bold ? 1 : ""}|${italics ? 1 : ""}|${color ?? ""}|${size ?? ""}` : null;
    return { "w:r": look ? [runProperties(look), ...content] : content };
  });
}

const leanParagraph = (style: string, spans: readonly Span[]): IXmlableObject => ({
  "w:p": [paragraphProperties(style), ...leanRuns(spans)],
});

/** A block of the body written from lean XML objects. */
class LeanBlock extends FileChild {
  constructor(private readonly xml: IXmlableObject) {
    super(Object.keys(xml)[0]);
  }
  override prepForXml(): IXmlableObject {
    return this.xml;
  }
}

type Column = { header: string; width: number; helix?: Helix; align?: "left" | "right" };
type Cell = string | Span[];

/** The document's spans as this file's spans: a helix in its colour, a muted part in grey. */
const spansOf = (text: Rich): Span[] =>
  text.map((x) => ({
    text: x.text,
    ...(x.strong ? { bold: true } : {}),
    ...(x.emphasis ? { italics: true } : {}),
    ...(x.helix ? { color: helixColour(x.helix) } : x.muted ? { color: MUTED } : {}),
  }));

const CELL_STYLE = { left: "TableText", right: "TableTextRight" } as const;
const HEAD_STYLE = { left: "TableHead", right: "TableHeadRight" } as const;
const border = (side: string) => ({ [`w:${side}`]: attr({ "w:val": "single", "w:sz": 4, "w:space": 0, "w:color": RULE }) });
const ROW_PROPERTIES = { "w:trPr": [{ "w:cantSplit": {} }] };
const TABLE_PROPERTIES = {
  "w:tblPr": [
    { "w:tblW": attr({ "w:type": "pct", "w:w": 5000 }) },
    { "w:tblBorders": ["top", "left", "bottom", "right", "insideH", "insideV"].map(border) },
    { "w:tblLayout": attr({ "w:type": "fixed" }) },
    {
      "w:tblCellMar": [
        { "w:top": attr({ "w:type": "dxa", "w:w": 40 }) },
        { "w:left": attr({ "w:type": "dxa", "w:w": 60 }) },
        { "w:bottom": attr({ "w:type": "dxa", "w:w": 40 }) },
        { "w:right": attr({ "w:type": "dxa", "w:w": 60 }) },
      ],
    },
  ],
};

/**
 * A data table across the text width: column widths in percent (a fixed layout, so Word need not
 * measure thousands of rows), a shaded header row that repeats on every page (helix columns in
 * the helix's colour, white text), rows that do not split across pages. Cell text takes its size
 * and spacing from paragraph styles.
 */
function table(columns: Column[], rows: Cell[][]): LeanBlock {
  const widths = columns.map((c) => ({
    "w:tcW": attr({ "w:type": "pct", "w:w": Math.round(c.width * 50) }),
  }));
  const cellProperties = widths.map((w) => ({ "w:tcPr": [w] }));
  const header = {
    "w:tr": [
      { "w:trPr": [{ "w:cantSplit": {} }, { "w:tblHeader": {} }] },
      ...columns.map((c, i) => ({
        "w:tc": [
          {
            "w:tcPr": [
              widths[i],
              { "w:shd": attr({ "w:val": "clear", "w:color": "auto", "w:fill": c.helix ? helixColour(c.helix) : HEADER_FILL }) },
              { "w:vAlign": attr({ "w:val": "bottom" }) },
            ],
          },
          leanParagraph(HEAD_STYLE[c.align ?? "left"], [span(c.header, c.helix ? { color: "FFFFFF" } : {})]),
        ],
      })),
    ],
  };
  const body = rows.map((cells) => ({
    "w:tr": [
      ROW_PROPERTIES,
      ...cells.map((cell, i) => ({
        "w:tc": [
          cellProperties[i],
          leanParagraph(CELL_STYLE[columns[i].align ?? "left"], typeof cell === "string" ? [span(cell)] : cell),
        ],
      })),
    ],
  }));
  return new LeanBlock({
    "w:tbl": [
      TABLE_PROPERTIES,
      { "w:tblGrid": columns.map((c) => ({ "w:gridCol": attr({ "w:w": Math.round((c.width / 100) * TEXT_WIDTH) }) })) },
      header,
      ...body,
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Blocks

/** Points across the text width (A4, 2 cm margins). */
const TEXT_POINTS = TEXT_WIDTH / 20;
const TABLE_METRICS = { headerSize: HEADER_TEXT / 2, cellSize: TABLE_TEXT / 2, padding: 3, minText: 150 };

const para = (spans: Span[], keepNext = false) => new Paragraph({ keepNext, children: runs(spans) });
/** Space after a table (Word runs a following paragraph up against it). */
const gap = () => new Paragraph({ spacing: { after: 120 }, children: [] });

/** A boxed note: shaded, with a thick coloured rule on the left. */
function note(spans: Span[], colour: string, fill: string) {
  const side: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: colour, space: 4 };
  return new Paragraph({
    children: runs(spans),
    shading: { type: ShadingType.CLEAR, color: "auto", fill },
    border: { top: side, bottom: side, right: side, left: { ...side, size: 24 } },
    spacing: { before: 120, after: 200 },
    indent: { left: 120, right: 120 },
  });
}

/** A list item with a hanging marker ("•", "1."), so no numbering definitions are needed. */
const listItem = (marker: string, spans: Span[], style = "ListItem") =>
  new Paragraph({
    style,
    tabStops: [{ type: "left", position: 360 }],
    children: [new TextRun({ children: [marker, new Tab()] }), ...runs(spans)],
  });

function chartParagraph(figure: ChartFigure, name: string): Paragraph {
  const title = figure.chart.title;
  return new Paragraph({
    spacing: { before: 40, after: 200 },
    children: [
      new ImageRun({
        type: "png",
        data: chartPng(figure.chart),
        transformation: { width: CHART_LAYOUT.width, height: chartHeight(figure.chart) },
        altText: { name, title: clean(title), description: clean(figure.description) },
      }),
    ],
  });
}

/** Label and value rows in a two-column table (a recommendation's details, the summary's breakdown). */
function factsTable(items: { label: string; value: Rich }[]): LeanBlock {
  const labelWidth = 22;
  const row = (label: string, value: Rich) => ({
    "w:tr": [
      ROW_PROPERTIES,
      {
        "w:tc": [
          {
            "w:tcPr": [
              { "w:tcW": attr({ "w:type": "pct", "w:w": labelWidth * 50 }) },
              { "w:shd": attr({ "w:val": "clear", "w:color": "auto", "w:fill": HEADER_FILL }) },
            ],
          },
          leanParagraph("TableHead", [span(label)]),
        ],
      },
      {
        "w:tc": [
          { "w:tcPr": [{ "w:tcW": attr({ "w:type": "pct", "w:w": (100 - labelWidth) * 50 }) }] },
          leanParagraph("TableText", spansOf(value)),
        ],
      },
    ],
  });
  return new LeanBlock({
    "w:tbl": [
      TABLE_PROPERTIES,
      {
        "w:tblGrid": [labelWidth, 100 - labelWidth].map((w) => ({
          "w:gridCol": attr({ "w:w": Math.round((w / 100) * TEXT_WIDTH) }),
        })),
      },
      ...items.map((i) => row(i.label, i.value)),
    ],
  });
}

/** The key figures: shaded boxes with a big number each. */
function keyFigures(figures: { value: string; label: string }[]): Table {
  const white: IBorderOptions = { style: BorderStyle.SINGLE, size: 24, color: "FFFFFF" };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: white, bottom: white, left: white, right: white, insideHorizontal: white, insideVertical: white },
    rows: [
      new TableRow({
        children: figures.map(
          ({ value, label }) =>
            new TableCell({
              width: { size: 100 / figures.length, type: WidthType.PERCENTAGE },
              shading: { type: ShadingType.CLEAR, color: "auto", fill: "F1F3F5" },
              margins: { top: 120, bottom: 120, left: 160, right: 160 },
              children: [
                new Paragraph({ spacing: { after: 0 }, children: run(value, { bold: true, size: 40, color: ACCENT }) }),
                new Paragraph({ spacing: { after: 0 }, children: run(label, { size: TABLE_TEXT, color: MUTED }) }),
              ],
            }),
        ),
      }),
    ],
  });
}

/** A data table with column widths from its content; short headers (and their legend) when space is short. */
function dataTable(columns: DocumentColumn[], rows: Rich[][], noteText?: Rich, legend?: Rich): FileChild[] {
  const layout = layoutColumns(columns, rows, TEXT_POINTS, TABLE_METRICS);
  const total = layout.widths.reduce((a, b) => a + b, 0);
  const laid: Column[] = columns.map((c, i) => ({
    header: layout.headers[i],
    width: (layout.widths[i] / total) * 100,
    helix: c.helix,
    align: c.align,
  }));
  return [
    table(
      laid,
      rows.map((row) => row.map(spansOf)),
    ),
    ...(noteText ? [new Paragraph({ style: "Muted", spacing: { before: 60 }, children: runs(spansOf(noteText)) })] : []),
    ...(layout.shortened && legend ? [new Paragraph({ style: "Muted", children: runs(spansOf(legend)) })] : []),
    gap(),
  ];
}

let chartCount = 0;

function block(b: Block): FileChild[] {
  switch (b.type) {
    case "heading": {
      const heading = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4][
        b.level - 1
      ];
      return [
        new Paragraph({
          heading,
          pageBreakBefore: b.anchor === "summary" || b.anchor === "annex",
          children: runs(spansOf(b.text)),
        }),
      ];
    }
    case "paragraph":
      return [b.tone === "muted" ? new Paragraph({ style: "Muted", children: runs(spansOf(b.text)) }) : para(spansOf(b.text))];
    case "note":
      return [b.tone === "warning" ? note(spansOf(b.text), "E0A800", "FFF8E1") : note(spansOf(b.text), ACCENT, "F1F3F5")];
    case "list":
      return b.items.flatMap((item, i) => [
        b.ordered || item.sub === undefined
          ? listItem(b.ordered ? `${i + 1}.` : "•", spansOf(item.text))
          : new LeanBlock(leanParagraph("AnnexItem", spansOf(item.text))),
        ...(item.sub ?? []).map((sub) => new LeanBlock(leanParagraph("AnnexMerged", spansOf(sub)))),
      ]);
    case "facts":
      return [factsTable(b.items), gap()];
    case "figures":
      return [keyFigures(b.items), gap()];
    case "table":
      return dataTable(b.columns, b.rows, b.note, b.legend);
    case "charts":
      return [
        ...(b.title ? [new Paragraph({ style: "Muted", keepNext: true, children: run(b.title) })] : []),
        ...b.figures.flatMap((f) => [
          new Paragraph({
            keepNext: true,
            keepLines: true,
            spacing: { before: 120, after: 0 },
            children: runs(spansOf(f.caption)),
          }),
          chartParagraph(f, `chart-${++chartCount}`),
        ]),
      ];
  }
}

function frontMatter(doc: ReportDocument): FileChild[] {
  return [
    new Paragraph({ style: "ReportKicker", children: run(doc.kicker) }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: run(doc.title) }),
    ...doc.front.flatMap((b) =>
      b.type === "facts"
        ? b.items.map(
            (fact) =>
              new Paragraph({
                style: "Fact",
                tabStops: [{ type: "left", position: 1700 }],
                children: [
                  new TextRun({ children: [clean(fact.label), new Tab()], bold: true, color: MUTED }),
                  ...runs(spansOf(fact.value)),
                ],
              }),
          )
        : block(b),
    ),
    new Paragraph({ style: "ContentsHeading", children: run(doc.contentsTitle) }),
    new TableOfContents(clean(doc.contentsTitle), { hyperlink: true, headingStyleRange: "1-2" }),
  ];
}

/** The proofing language Word and LibreOffice check the text in. */
const DOCX_LANGUAGE = { en: "en-GB", hu: "hu-HU", lt: "lt-LT", sl: "sl-SI" } as const;

// ---------------------------------------------------------------------------------------------

/** The report as a DOCX file. */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const author = clean(doc.author);
  const header = new Paragraph({
    border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
    children: run(doc.runningTitle, { size: 16, color: MUTED }),
  });
  const footer = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({
          children: doc.pageLabel.map((part) =>
            "field" in part ? (part.field === "page" ? PageNumber.CURRENT : PageNumber.TOTAL_PAGES) : clean(part.text),
          ),
          size: 16,
          color: MUTED,
        }),
      ],
    });

  chartCount = 0;
  const document = new Document({
    title: clean(doc.title),
    subject: clean(doc.subject),
    creator: author,
    lastModifiedBy: author,
    keywords: clean(doc.keywords),
    description: clean(doc.description),
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 21, color: TEXT, language: { value: DOCX_LANGUAGE[doc.language] } },
          paragraph: { spacing: { after: 120, line: 264, lineRule: LineRuleType.AUTO } },
        },
        title: { run: { font: FONT, size: 48, bold: true, color: ACCENT }, paragraph: { spacing: { before: 0, after: 240 } } },
        heading1: {
          run: { font: FONT, size: 32, bold: true, color: ACCENT },
          paragraph: {
            spacing: { before: 360, after: 160 },
            keepNext: true,
            keepLines: true,
            border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: RULE, space: 4 } },
          },
        },
        heading2: {
          run: { font: FONT, size: 26, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true },
        },
        heading3: {
          run: { font: FONT, size: 22, bold: true, color: TEXT },
          paragraph: { spacing: { before: 200, after: 80 }, keepNext: true, keepLines: true },
        },
        heading4: {
          run: { font: FONT, size: 20, bold: true, color: MUTED },
          paragraph: { spacing: { before: 160, after: 60 }, keepNext: true, keepLines: true },
        },
      },
      paragraphStyles: [
        {
          id: "ReportKicker",
          name: "Report kicker",
          basedOn: "Normal",
          next: "Title",
          run: { size: 20, bold: true, color: MUTED, allCaps: true, characterSpacing: 20 },
          paragraph: { spacing: { before: 1200, after: 120 } },
        },
        {
          id: "Fact",
          name: "Title fact",
          basedOn: "Normal",
          paragraph: {
            spacing: { after: 40 },
            indent: { left: 1700, hanging: 1700 },
          },
        },
        {
          id: "ContentsHeading",
          name: "Contents heading",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 28, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 480, after: 160 }, keepNext: true },
        },
        { id: "Muted", name: "Muted note", basedOn: "Normal", run: { italics: true, color: MUTED } },
        {
          id: "ListItem",
          name: "Report list item",
          basedOn: "Normal",
          paragraph: { spacing: { after: 60 }, indent: { left: 360, hanging: 360 } },
        },
        {
          id: "TableText",
          name: "Table text",
          basedOn: "Normal",
          run: { size: TABLE_TEXT },
          paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
        },
        { id: "TableTextRight", name: "Table text right", basedOn: "TableText", paragraph: { alignment: AlignmentType.RIGHT } },
        { id: "TableHead", name: "Table heading", basedOn: "TableText", run: { size: HEADER_TEXT, bold: true } },
        {
          id: "TableHeadRight",
          name: "Table heading right",
          basedOn: "TableHead",
          paragraph: { alignment: AlignmentType.RIGHT },
        },
        { id: "AnnexItem", name: "Annex item", basedOn: "Normal", paragraph: { spacing: { after: 60 } } },
        { id: "AnnexMerged", name: "Annex merged item", basedOn: "AnnexItem", paragraph: { indent: { left: 360 } } },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 },
          },
        },
        headers: { default: new Header({ children: [header] }), first: new Header({ children: [new Paragraph({})] }) },
        footers: { default: new Footer({ children: [footer()] }), first: new Footer({ children: [footer()] }) },
        children: [...frontMatter(doc), ...doc.body.flatMap(block)],
      },
    ],
  });
  return Packer.toBuffer(document);
}
