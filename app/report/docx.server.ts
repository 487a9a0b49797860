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
import { HELICES, HELIX_COLORS, type Helix, ROLES } from "../domain/helix";
import type { RankedEntry, ReportModel, ReportRecommendation, ReportVote } from "../domain/report";
import { chartPng } from "./chart-png.server";
import {
  type BarChart,
  CHART_LAYOUT,
  CHARTED_SOLUTION_GROUPS,
  CHARTS_PER_LIST,
  chartHeight,
  participationChart,
  supportChart,
  supportScale,
} from "./charts";
import {
  ABSENT_HELICES_LABEL,
  dateRange,
  dominantRoomSentence,
  HELIX_NAME,
  KIND_NAME,
  LABEL_NAME,
  NO_POINTS_IN_VOTE,
  NO_VOTES,
  ownerLabel,
  PRIORITY_NAME,
  ROLE_NAME,
  rankedByLines,
  SECTION_TITLE,
  score,
  summarySentence,
  turnoutLine,
  VOTES_INTRO,
  voteBalanceLines,
  voteFactsLine,
  voteTitle,
} from "./labels";

/**
 * The report as a Word document (DOCX), in the report's order: a title block, a table of contents
 * (filled in from the headings, and brought up to date with page numbers when Word opens the file),
 * then the sections. Participants' text only ever goes into text runs, which the docx library
 * escapes, never into fields or hyperlinks, so it shows as typed and does nothing.
 *
 * Big workshops hold thousands of items, so the bulk of the document (the data tables and the
 * annex's list of contributions) is written as lean WordprocessingML objects that docx's own
 * serialiser writes and escapes (a component's `prepForXml`, docx's extension point), rather than
 * as one docx object per cell and run, which takes several times the time and memory. Charts are
 * PNGs of the report's SVG charts, for the top items of each list only.
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

/** Helix names in their colours, comma-separated; "none" when the list is empty. */
function helixSpans(helices: readonly Helix[]): Span[] {
  if (!helices.length) return [span("none", { color: MUTED, italics: true })];
  return helices.flatMap((h, i) => [...(i > 0 ? [span(", ")] : []), span(HELIX_NAME[h], { bold: true, color: helixColour(h) })]);
}

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

function rankedTable(items: RankedEntry[], item: string): LeanBlock {
  return table(
    [
      { header: "#", width: 4, align: "right" },
      { header: item, width: 27 },
      { header: "Balanced", width: 9, align: "right" },
      { header: "Raw", width: 6, align: "right" },
      ...HELICES.map((h) => ({ header: HELIX_NAME[h], width: 10.5, helix: h, align: "right" as const })),
      { header: "Label", width: 12 },
    ],
    items.map((i) => [
      String(i.rank),
      i.title,
      [span(score(i.metrics.balanced), { bold: true })],
      String(i.metrics.raw),
      ...HELICES.map((h) => {
        const support = i.metrics.support[h];
        return support === null ? [span("absent", { italics: true, color: MUTED })] : score(support);
      }),
      LABEL_NAME[i.metrics.label],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

type Block = FileChild;

const heading1 = (text: string, pageBreakBefore = false) =>
  new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore, children: run(text) });
const heading2 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: run(text) });
const heading3 = (spans: Span[]) => new Paragraph({ heading: HeadingLevel.HEADING_3, children: runs(spans) });
const para = (spans: Span[], keepNext = false) => new Paragraph({ keepNext, children: runs(spans) });
const muted = (text: string) => new Paragraph({ style: "Muted", children: run(text) });
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
const listItem = (marker: string, spans: Span[]) =>
  new Paragraph({
    style: "ListItem",
    tabStops: [{ type: "left", position: 360 }],
    children: [new TextRun({ children: [marker, new Tab()] }), ...runs(spans)],
  });

// ---------------------------------------------------------------------------------------------
// Charts

const chartDescription = (chart: BarChart, unit: string) =>
  `${chart.bars.map((b) => `${b.label}: ${b.valueLabel}`).join("; ")} (${unit}; scale 0 to ${score(chart.max)}).`;

function chartParagraph(chart: BarChart, name: string, unit: string): Paragraph {
  return new Paragraph({
    spacing: { before: 40, after: 200 },
    children: [
      new ImageRun({
        type: "png",
        data: chartPng(chart),
        transformation: { width: CHART_LAYOUT.width, height: chartHeight(chart) },
        altText: { name, title: clean(chart.title), description: clean(chartDescription(chart, unit)) },
      }),
    ],
  });
}

/** The support charts of the top items of a ranked list, on one scale, each under its item's name. */
function supportCharts(items: RankedEntry[], max: number, kind: string): Paragraph[] {
  return items.slice(0, CHARTS_PER_LIST).flatMap((entry) => [
    new Paragraph({
      keepNext: true,
      keepLines: true,
      spacing: { before: 120, after: 0 },
      children: [
        ...run(`${entry.rank}. `, { bold: true }),
        ...run(entry.title, { bold: true }),
        new TextRun({ break: 1 }),
        ...run(`${LABEL_NAME[entry.metrics.label]} · balanced ${score(entry.metrics.balanced)} · raw ${entry.metrics.raw}`, {
          color: MUTED,
          size: TABLE_TEXT,
        }),
      ],
    }),
    chartParagraph(supportChart(entry, max), `${kind} ${entry.rank}: support per person by helix`, "points per person"),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Sections

const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function titleBlock(model: ReportModel): Block[] {
  const { title } = model;
  const dates = dateRange(title.dates);
  const facts: [string, Span[]][] = [
    ["Host", [span(title.host)]],
    ...(dates ? [["Dates", [span(dates)]] as [string, Span[]]] : []),
    ...(title.venue ? [["Venue", [span(title.venue)]] as [string, Span[]]] : []),
    ["Facilitators", [title.facilitators.length ? span(title.facilitators.join(", ")) : span("—", { color: MUTED })]],
    ["Generated", [span(formatTime(model.generatedAt))]],
  ];
  return [
    new Paragraph({ style: "ReportKicker", children: run(model.interim ? "Interim peer-review report" : "Peer-review report") }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: run(title.workshop) }),
    ...facts.map(
      ([label, value]) =>
        new Paragraph({
          style: "Fact",
          tabStops: [{ type: "left", position: 1700 }],
          children: [new TextRun({ children: [label, new Tab()], bold: true, color: MUTED }), ...runs(value)],
        }),
    ),
    model.interim
      ? note(
          [
            span("Interim report", { bold: true }),
            span(` — generated at ${formatTime(model.generatedAt)} while the workshop is still running; figures may change.`),
          ],
          "E0A800",
          "FFF8E1",
        )
      : gap(),
  ];
}

function tableOfContents(): Block[] {
  return [
    new Paragraph({ style: "ContentsHeading", children: run("Contents") }),
    new TableOfContents("Contents", { hyperlink: true, headingStyleRange: "1-2" }),
  ];
}

/** The key figures: four shaded boxes with a big number each. */
function keyFigures(figures: [number, string][]): Table {
  const white: IBorderOptions = { style: BorderStyle.SINGLE, size: 24, color: "FFFFFF" };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: white, bottom: white, left: white, right: white, insideHorizontal: white, insideVertical: white },
    rows: [
      new TableRow({
        children: figures.map(
          ([value, label]) =>
            new TableCell({
              width: { size: 100 / figures.length, type: WidthType.PERCENTAGE },
              shading: { type: ShadingType.CLEAR, color: "auto", fill: "F1F3F5" },
              margins: { top: 120, bottom: 120, left: 160, right: 160 },
              children: [
                new Paragraph({ spacing: { after: 0 }, children: run(String(value), { bold: true, size: 40, color: ACCENT }) }),
                new Paragraph({ spacing: { after: 0 }, children: run(label, { size: TABLE_TEXT, color: MUTED }) }),
              ],
            }),
        ),
      }),
    ],
  });
}

function summarySection(model: ReportModel): Block[] {
  const { summary, participation } = model;
  const out: Block[] = [
    heading1(SECTION_TITLE.summary, true),
    para([span(summarySentence(model))]),
    keyFigures([
      [summary.participants, "participants"],
      [summary.contributions.challenges, "challenges"],
      [summary.contributions.solutions, "solutions"],
      [summary.pointsGiven, "points given in the votes"],
    ]),
    gap(),
    para([
      span("By helix: ", { bold: true }),
      ...HELICES.flatMap((h, i) => [
        ...(i > 0 ? [span(" · ")] : []),
        span(HELIX_NAME[h], { bold: true, color: helixColour(h) }),
        span(` ${participation.byHelix[h]}`),
      ]),
    ]),
    para([span("By role: ", { bold: true }), span(ROLES.map((r) => `${ROLE_NAME[r]} ${participation.byRole[r]}`).join(" · "))]),
  ];
  const top = (label: string, titles: string[]) =>
    titles.length ? [para([span(label, { bold: true })], true), ...titles.map((t, i) => listItem(`${i + 1}.`, [span(t)]))] : [];
  out.push(...top("Top challenges", summary.topChallenges), ...top("Top solutions", summary.topSolutions));
  if (!summary.topChallenges.length && !summary.topSolutions.length) out.push(muted("No votes yet."));
  return out;
}

function participationSection(model: ReportModel): Block[] {
  const { participation, summary } = model;
  const share = (n: number) => (summary.participants ? `${Math.round((n / summary.participants) * 100)}%` : "—");
  const countColumns = (first: string): Column[] => [
    { header: first, width: 50 },
    { header: "Participants", width: 25, align: "right" },
    { header: "Share", width: 25, align: "right" },
  ];
  const chart = participationChart(model);
  const out: Block[] = [
    heading1(SECTION_TITLE.participation),
    table(
      countColumns("Helix"),
      HELICES.map((h) => [
        [span(HELIX_NAME[h], { bold: true, color: helixColour(h) })],
        String(participation.byHelix[h]),
        share(participation.byHelix[h]),
      ]),
    ),
    gap(),
    table(
      countColumns("Role"),
      ROLES.map((r) => [ROLE_NAME[r], String(participation.byRole[r]), share(participation.byRole[r])]),
    ),
    gap(),
    para([span(chart.title, { bold: true })], true),
    chartParagraph(chart, "Participation chart", "participants"),
  ];
  if (participation.absentHelices.length)
    out.push(para([span(`${ABSENT_HELICES_LABEL}: `, { bold: true }), ...helixSpans(participation.absentHelices), span(".")]));
  if (participation.dominantHelix) {
    const dominant = participation.dominantHelix;
    out.push(note([span("Note: ", { bold: true }), span(dominantRoomSentence(dominant))], helixColour(dominant), "F1F3F5"));
  }
  return out;
}

const thresholdNote = (threshold: number | null) =>
  threshold === null
    ? []
    : [muted(`A helix supports an item when it gives it at least ${score(threshold)} points per person who could vote.`)];

/** Which vote a ranked section follows and that vote's turnout. */
const rankedBy = (model: ReportModel, section: "challenges" | "solutions") =>
  rankedByLines(model, section).map((line) => (line.startsWith("Turnout") ? para([span(line)]) : muted(line)));

function challengesSection(model: ReportModel): Block[] {
  const { challenges } = model;
  const out: Block[] = [heading1(SECTION_TITLE.challenges)];
  if (!challenges.voted) out.push(muted("No vote on challenges yet."));
  if (!challenges.items.length) return [...out, muted("No challenges.")];
  out.push(
    para([span("Ranked by balanced score (the mean of the helices' support per person); the raw score is the sum of points.")]),
    ...rankedBy(model, "challenges"),
    ...thresholdNote(challenges.threshold),
    rankedTable(challenges.items, "Challenge"),
    gap(),
  );
  if (challenges.voted) {
    const shown = Math.min(CHARTS_PER_LIST, challenges.items.length);
    out.push(
      heading2("Support per person by helix"),
      muted(
        `${shown === challenges.items.length ? "Every challenge" : `The ${shown} highest-ranked challenges`}; all charts share one scale.`,
      ),
      ...supportCharts(challenges.items, supportScale(challenges.items), "Challenge"),
    );
  }
  return out;
}

function solutionsSection(model: ReportModel): Block[] {
  const { solutions } = model;
  const out: Block[] = [heading1(SECTION_TITLE.solutions)];
  if (!solutions.voted) out.push(muted("No vote on solutions yet."));
  if (!solutions.byChallenge.length) return [...out, muted("No challenges, so no solutions.")];
  out.push(...rankedBy(model, "solutions"), ...thresholdNote(solutions.threshold));
  if (solutions.voted && solutions.byChallenge.length > CHARTED_SOLUTION_GROUPS)
    out.push(
      muted(
        `Charts are shown for the top ${CHARTS_PER_LIST} solutions of each of the ${CHARTED_SOLUTION_GROUPS} highest-ranked challenges.`,
      ),
    );
  const max = supportScale(solutions.byChallenge.flatMap((g) => g.items));
  const rankOf = new Map(model.challenges.items.map((c) => [c.id, c.rank]));
  solutions.byChallenge.forEach((group, index) => {
    out.push(heading3([span(`Challenge ${rankOf.get(group.challengeId) ?? index + 1}: `), span(group.challenge)]));
    if (!group.items.length) {
      out.push(muted("No solutions."));
      return;
    }
    out.push(rankedTable(group.items, "Solution"), gap());
    if (solutions.voted && index < CHARTED_SOLUTION_GROUPS) out.push(...supportCharts(group.items, max, "Solution"));
  });
  return out;
}

function voteBlocks(vote: ReportVote): Block[] {
  const warnings = voteBalanceLines(vote.balance);
  return [
    heading2(voteTitle(vote)),
    para([span(voteFactsLine(vote))]),
    para([span(turnoutLine(vote.turnout, vote.electorate))]),
    ...(warnings.length ? [note([span(warnings.join("\n"))], "C2410C", "FFF4E6")] : []),
    ...(vote.items.length
      ? [
          table(
            [
              { header: "#", width: 6, align: "right" },
              { header: "Item", width: 58 },
              { header: "Balanced", width: 12, align: "right" },
              { header: "Raw", width: 8, align: "right" },
              { header: "Label", width: 16 },
            ],
            vote.items.map((i) => [
              String(i.rank),
              i.title,
              [span(score(i.metrics.balanced), { bold: true })],
              String(i.metrics.raw),
              LABEL_NAME[i.metrics.label],
            ]),
          ),
          gap(),
        ]
      : [muted(NO_POINTS_IN_VOTE)]),
  ];
}

function votesSection(model: ReportModel): Block[] {
  if (!model.votes.length) return [heading1(SECTION_TITLE.votes), muted(NO_VOTES)];
  return [heading1(SECTION_TITLE.votes), muted(VOTES_INTRO), ...model.votes.flatMap(voteBlocks)];
}

function agreementSection(model: ReportModel): Block[] {
  const { consensus, divergent } = model.agreement;
  return [
    heading1(SECTION_TITLE.agreement),
    heading2("Consensus"),
    ...(consensus.length
      ? [
          muted("Every helix present reaches the support threshold."),
          table(
            [
              { header: "Item", width: 55 },
              { header: "Kind", width: 15 },
              { header: "Supported by", width: 30 },
            ],
            consensus.map((i) => [i.title, KIND_NAME[i.kind], helixSpans(i.supportedBy)]),
          ),
          gap(),
        ]
      : [muted("None.")]),
    heading2("Divergence"),
    ...(divergent.length
      ? [
          muted("Some helices reach the support threshold and others do not."),
          table(
            [
              { header: "Item", width: 40 },
              { header: "Kind", width: 12 },
              { header: "Supported by", width: 24 },
              { header: "Not supported by", width: 24 },
            ],
            divergent.map((i) => [i.title, KIND_NAME[i.kind], helixSpans(i.supportedBy), helixSpans(i.notSupportedBy)]),
          ),
          gap(),
        ]
      : [muted("None.")]),
  ];
}

function recommendationDetails(r: ReportRecommendation, n: number): Block[] {
  const details: [string, Span[]][] = [
    ["Who acts", [span(ownerLabel(r.owner))]],
    ["Deadline", [span(r.deadline ?? "—")]],
    ["Priority", [span(PRIORITY_NAME[r.priority], { bold: r.priority === "high" })]],
    [
      "Drafted from",
      r.linked.length
        ? r.linked.flatMap((l, i) => [span(`${i > 0 ? "\n" : ""}${KIND_NAME[l.kind]}: `, { color: MUTED }), span(l.title)])
        : [span("—")],
    ],
    [
      "Endorsements",
      [
        ...HELICES.flatMap((h, i) => [
          ...(i > 0 ? [span(", ")] : []),
          span(HELIX_NAME[h], { bold: true, color: helixColour(h) }),
          span(` ${r.endorsements.byHelix[h]}`),
        ]),
        span(` — total ${r.endorsements.total}`, { bold: true }),
      ],
    ],
  ];
  const labelWidth = 22;
  const row = ([label, value]: [string, Span[]]) => ({
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
          leanParagraph("TableText", value),
        ],
      },
    ],
  });
  return [
    heading3([span(`${n}. `), span(r.title)]),
    ...(r.body ? [para([span(r.body)])] : []),
    new LeanBlock({
      "w:tbl": [
        TABLE_PROPERTIES,
        {
          "w:tblGrid": [labelWidth, 100 - labelWidth].map((w) => ({
            "w:gridCol": attr({ "w:w": Math.round((w / 100) * TEXT_WIDTH) }),
          })),
        },
        ...details.map(row),
      ],
    }),
    gap(),
  ];
}

function recommendationsSection(model: ReportModel): Block[] {
  const { recommendations } = model;
  if (!recommendations.length) return [heading1(SECTION_TITLE.recommendations), muted("No recommendations yet.")];
  return [
    heading1(SECTION_TITLE.recommendations),
    muted("High priority first, then in the order the facilitators set."),
    heading2("Action plan"),
    table(
      [
        { header: "#", width: 5, align: "right" },
        { header: "Recommendation", width: 43 },
        { header: "Who acts", width: 20 },
        { header: "Deadline", width: 12 },
        { header: "Priority", width: 10 },
        { header: "Endorsed", width: 10, align: "right" },
      ],
      recommendations.map((r, i) => [
        String(i + 1),
        r.title,
        ownerLabel(r.owner),
        r.deadline ?? "—",
        [span(PRIORITY_NAME[r.priority], { bold: r.priority === "high" })],
        String(r.endorsements.total),
      ]),
    ),
    gap(),
    heading2("Recommendations in detail"),
    ...recommendations.flatMap((r, i) => recommendationDetails(r, i + 1)),
  ];
}

function annexSection(model: ReportModel): Block[] {
  const out: Block[] = [
    heading1(SECTION_TITLE.annex, true),
    heading2("All contributions"),
    muted("Every visible contribution in the order it was made; contributions merged into one are listed beneath it."),
  ];
  const withBody = (title: string, body: string | null) => [span(title), ...(body ? [span(` — ${body}`, { color: MUTED })] : [])];
  for (const c of model.annex.contributions) {
    const who =
      c.origin === "host"
        ? span("host", { color: MUTED })
        : c.helix
          ? span(HELIX_NAME[c.helix], { color: helixColour(c.helix) })
          : span("—", { color: MUTED });
    out.push(
      new LeanBlock(
        leanParagraph("AnnexItem", [
          span(`${KIND_NAME[c.kind]} `, { bold: true }),
          span("("),
          who,
          span("): "),
          ...withBody(c.title, c.body),
        ]),
      ),
      ...c.merged.map(
        (m) =>
          new LeanBlock(
            leanParagraph("AnnexMerged", [span("Merged here: ", { italics: true, color: MUTED }), ...withBody(m.title, m.body)]),
          ),
      ),
    );
  }
  if (!model.annex.contributions.length) out.push(muted("No contributions."));
  out.push(heading2("Method"), ...model.annex.method.map((m) => listItem("•", [span(m)])));
  return out;
}

// ---------------------------------------------------------------------------------------------

/** The report as a DOCX file. */
export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const author = clean(model.title.host.trim() || "Helix Review");
  const kind = model.interim ? "Interim peer-review report" : "Peer-review report";
  const header = new Paragraph({
    border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
    children: run(`${model.title.workshop.replace(/\s+/g, " ")}  ·  ${kind}`, { size: 16, color: MUTED }),
  });
  const footer = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES], size: 16, color: MUTED }),
      ],
    });

  const doc = new Document({
    title: clean(model.title.workshop),
    subject: kind,
    creator: author,
    lastModifiedBy: author,
    keywords: "quadruple helix; peer review; Helix Review",
    description: clean(
      `${kind} of the workshop "${model.title.workshop}" hosted by ${model.title.host}, generated by Helix Review at ${formatTime(model.generatedAt)}.`,
    ),
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 21, color: TEXT },
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
        children: [
          ...titleBlock(model),
          ...tableOfContents(),
          ...summarySection(model),
          ...participationSection(model),
          ...challengesSection(model),
          ...solutionsSection(model),
          ...votesSection(model),
          ...agreementSection(model),
          ...recommendationsSection(model),
          ...annexSection(model),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
