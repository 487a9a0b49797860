import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  type IBorderOptions,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from "docx";
import { HELICES, HELIX_COLORS, type Helix, ROLES } from "../domain/helix";
import type { RankedEntry, ReportModel, ReportRecommendation } from "../domain/report";
import { chartPng } from "./chart-png.server";
import { type BarChart, CHART_LAYOUT, chartHeight, participationChart, supportChart, supportScale } from "./charts";
import { dateRange, HELIX_NAME, KIND_NAME, LABEL_NAME, ownerLabel, PRIORITY_NAME, ROLE_NAME, score } from "./labels";

/**
 * The report as a Word document (DOCX), in the report's order: a title block, a table of contents
 * Word fills in when it opens the file, then the sections. Participants' text only ever goes into
 * text runs (the docx library escapes it), never into fields or hyperlinks, so it shows as typed.
 * Charts are PNGs of the report's SVG charts; big workshops get them for the top items only.
 */

/** Charts per ranked list (and solution groups charted): a workshop can hold thousands of items. */
export const DOCX_CHARTS_PER_LIST = 10;

const FONT = "Calibri";
const TEXT = "212529";
const MUTED = "6C757D";
const ACCENT = "1F3A5F";
const RULE = "CED4DA";
const HEADER_FILL = "E9ECEF";
const hex = (colour: string) => colour.replace(/^#/, "").toUpperCase();

/** A4, 2 cm margins: the text is 9638 twips (6.69 in, 642 px) wide. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };

/**
 * Text typed by a person, safe for XML: the docx library escapes markup and drops control
 * characters; what it leaves that XML still forbids (lone surrogates, U+FFFE/U+FFFF) is replaced.
 */
const clean = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g, "\uFFFD");

type RunStyle = { bold?: boolean; italics?: boolean; color?: string; size?: number };

/** Runs of user text, its line breaks kept as breaks. */
function textRuns(text: string, style: RunStyle = {}): TextRun[] {
  return clean(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...style }));
}

const run = (text: string, style: RunStyle = {}) => new TextRun({ text: clean(text), ...style });

/** Helix names in their colours, comma-separated; "none" when the list is empty. */
function helixRuns(helices: readonly Helix[], style: RunStyle = {}): TextRun[] {
  if (!helices.length) return [run("none", { ...style, color: MUTED, italics: true })];
  return helices.flatMap((h, i) => [
    ...(i > 0 ? [run(", ", style)] : []),
    run(HELIX_NAME[h], { ...style, bold: true, color: hex(HELIX_COLORS[h]) }),
  ]);
}

const heading1 = (text: string, pageBreakBefore = false) =>
  new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore, children: [run(text)] });
const heading2 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(text)] });
const heading3 = (children: ParagraphChild[]) => new Paragraph({ heading: HeadingLevel.HEADING_3, children });
const para = (children: ParagraphChild[], options: { keepNext?: boolean; indent?: number } = {}) =>
  new Paragraph({
    children,
    keepNext: options.keepNext,
    indent: options.indent ? { left: options.indent } : undefined,
  });
const muted = (text: string) => para([run(text, { italics: true, color: MUTED })]);

/** A boxed note: shaded, with a coloured rule on the left. */
function note(children: ParagraphChild[], colour: string, fill: string) {
  const side: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: colour, space: 4 };
  return new Paragraph({
    children,
    shading: { type: ShadingType.CLEAR, color: "auto", fill },
    border: { top: side, bottom: side, right: side, left: { ...side, size: 24 } },
    spacing: { before: 120, after: 200 },
    indent: { left: 120, right: 120 },
  });
}

/** A bulleted line, hand-made (a hanging "•") so no numbering definitions are needed. */
const bullet = (children: ParagraphChild[], level = 0) =>
  new Paragraph({
    children: [new TextRun({ children: ["•", new Tab()] }), ...children],
    indent: { left: 360 + level * 360, hanging: 240 },
    tabStops: [{ type: "left", position: 360 + level * 360 }],
    spacing: { after: 60 },
  });

const numbered = (n: number, children: ParagraphChild[]) =>
  new Paragraph({
    children: [new TextRun({ children: [`${n}.`, new Tab()] }), ...children],
    indent: { left: 360, hanging: 360 },
    tabStops: [{ type: "left", position: 360 }],
    spacing: { after: 60 },
  });

// ---------------------------------------------------------------------------------------------
// Tables

type Column = { header: string; width: number; helix?: Helix; align?: "left" | "right" | "center" };
type Cell = string | ParagraphChild[];

const CELL_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: RULE };
const TABLE_BORDERS = {
  top: CELL_BORDER,
  bottom: CELL_BORDER,
  left: CELL_BORDER,
  right: CELL_BORDER,
  insideHorizontal: CELL_BORDER,
  insideVertical: CELL_BORDER,
};
const TABLE_TEXT = 18;
const HEADER_TEXT = 16;
/** The text width in twips, which percentages of a table are taken of. */
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const CELL_STYLE = { left: "TableText", right: "TableTextRight", center: "TableTextCenter" } as const;
const HEAD_STYLE = { left: "TableHead", right: "TableHeadRight", center: "TableHeadCenter" } as const;

/**
 * A table across the text width: column widths in percent of it (fixed layout, so Word need not
 * measure thousands of rows), a shaded header row that repeats on every page (helix columns in the
 * helix's colour), rows that do not split across pages. Cell text takes its look from paragraph
 * styles, which keeps big tables small.
 */
function table(columns: Column[], rows: Cell[][]): Table {
  const headerRow = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map(
      (c) =>
        new TableCell({
          verticalAlign: VerticalAlignTable.BOTTOM,
          shading: { type: ShadingType.CLEAR, color: "auto", fill: c.helix ? hex(HELIX_COLORS[c.helix]) : HEADER_FILL },
          children: [
            new Paragraph({
              style: HEAD_STYLE[c.align ?? "left"],
              children: [c.helix ? run(c.header, { color: "FFFFFF" }) : run(c.header)],
            }),
          ],
        }),
    ),
  });
  const bodyRows = rows.map(
    (cells) =>
      new TableRow({
        cantSplit: true,
        children: cells.map(
          (cell, i) =>
            new TableCell({
              children: [
                new Paragraph({
                  style: CELL_STYLE[columns[i].align ?? "left"],
                  children: typeof cell === "string" ? textRuns(cell) : cell,
                }),
              ],
            }),
        ),
      }),
  );
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: columns.map((c) => Math.round((c.width / 100) * TEXT_WIDTH)),
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    rows: [headerRow, ...bodyRows],
  });
}

/** Space after a table (Word runs a following paragraph up against it). */
const gap = () => new Paragraph({ spacing: { after: 120 }, children: [] });

/** A cell's text with a look of its own (the cell's paragraph style gives the size). */
const small = (text: string, style: RunStyle = {}) => [run(text, style)];

function rankedTable(items: RankedEntry[], item: string): Table {
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
      small(score(i.metrics.balanced), { bold: true }),
      String(i.metrics.raw),
      ...HELICES.map((h) => {
        const support = i.metrics.support[h];
        return support === null ? small("absent", { italics: true, color: MUTED }) : score(support);
      }),
      LABEL_NAME[i.metrics.label],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Charts

const chartDescription = (chart: BarChart, unit: string) =>
  `${chart.bars.map((b) => `${b.label}: ${b.valueLabel}`).join("; ")} (${unit}; scale 0 to ${score(chart.max)}).`;

function chartParagraph(chart: BarChart, name: string, unit: string): Paragraph {
  const height = chartHeight(chart);
  return new Paragraph({
    spacing: { before: 60, after: 200 },
    children: [
      new ImageRun({
        type: "png",
        data: chartPng(chart),
        transformation: { width: CHART_LAYOUT.width, height },
        altText: { name, title: clean(chart.title), description: clean(chartDescription(chart, unit)) },
      }),
    ],
  });
}

/** The per-item support charts of a ranked list, its top items only, on one scale. */
function supportCharts(items: RankedEntry[], max: number, kind: string): Paragraph[] {
  return items.slice(0, DOCX_CHARTS_PER_LIST).flatMap((entry) => [
    para(
      [
        run(`${entry.rank}. `, { bold: true }),
        ...textRuns(entry.title, { bold: true }),
        run(`  ${LABEL_NAME[entry.metrics.label]} · balanced ${score(entry.metrics.balanced)} · raw ${entry.metrics.raw}`, {
          color: MUTED,
          size: TABLE_TEXT,
        }),
      ],
      { keepNext: true },
    ),
    chartParagraph(supportChart(entry, max), `${kind} ${entry.rank}: support per person by helix`, "points per person"),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Sections

const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function titleBlock(model: ReportModel): (Paragraph | Table)[] {
  const { title } = model;
  const dates = dateRange(title.dates);
  const facts: [string, ParagraphChild[]][] = [
    ["Host", textRuns(title.host)],
    ...(dates ? [["Dates", [run(dates)]] as [string, ParagraphChild[]]] : []),
    ...(title.venue ? [["Venue", textRuns(title.venue)] as [string, ParagraphChild[]]] : []),
    ["Facilitators", title.facilitators.length ? textRuns(title.facilitators.join(", ")) : [run("—", { color: MUTED })]],
    ["Generated", [run(formatTime(model.generatedAt))]],
  ];
  return [
    new Paragraph({
      style: "ReportKicker",
      children: [run(model.interim ? "Interim peer-review report" : "Peer-review report")],
    }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: textRuns(title.workshop) }),
    ...facts.map(
      ([label, value]) =>
        new Paragraph({
          tabStops: [{ type: "left", position: 1700 }],
          indent: { left: 1700, hanging: 1700 },
          spacing: { after: 40 },
          children: [new TextRun({ children: [label, new Tab()], bold: true, color: MUTED }), ...value],
        }),
    ),
    ...(model.interim
      ? [
          note(
            [
              run("Interim report", { bold: true }),
              run(` — generated at ${formatTime(model.generatedAt)} while the workshop is still running; figures may change.`),
            ],
            "E0A800",
            "FFF8E1",
          ),
        ]
      : [gap()]),
  ];
}

function tableOfContents(): (Paragraph | TableOfContents)[] {
  return [
    new Paragraph({ style: "ContentsHeading", children: [run("Contents")] }),
    new TableOfContents("Contents", { hyperlink: true, headingStyleRange: "1-2" }),
  ];
}

function summarySection(model: ReportModel): (Paragraph | Table)[] {
  const { summary, participation } = model;
  const figure = (value: number, label: string) =>
    new TableCell({
      width: { size: 25, type: WidthType.PERCENTAGE },
      shading: { type: ShadingType.CLEAR, color: "auto", fill: "F1F3F5" },
      margins: { top: 120, bottom: 120, left: 160, right: 160 },
      children: [
        new Paragraph({ spacing: { after: 0 }, children: [run(String(value), { bold: true, size: 40, color: ACCENT })] }),
        new Paragraph({ spacing: { after: 0 }, children: [run(label, { color: MUTED })] }),
      ],
    });
  const white: IBorderOptions = { style: BorderStyle.SINGLE, size: 24, color: "FFFFFF" };
  const figures = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: white, bottom: white, left: white, right: white, insideHorizontal: white, insideVertical: white },
    rows: [
      new TableRow({
        children: [
          figure(summary.participants, "participants"),
          figure(summary.contributions.challenges, "challenges"),
          figure(summary.contributions.solutions, "solutions"),
          figure(summary.votesCast, "points given in the votes"),
        ],
      }),
    ],
  });
  const out: (Paragraph | Table)[] = [
    heading1("Summary", true),
    para([
      run(
        `${summary.participants} participants contributed ${summary.contributions.challenges} challenges and ${summary.contributions.solutions} solutions and gave ${summary.votesCast} points in the votes.`,
      ),
    ]),
    figures,
    gap(),
    para([
      run("By helix: ", { bold: true }),
      ...HELICES.flatMap((h, i) => [
        ...(i > 0 ? [run(" · ")] : []),
        run(HELIX_NAME[h], { bold: true, color: hex(HELIX_COLORS[h]) }),
        run(` ${participation.byHelix[h]}`),
      ]),
    ]),
    para([run("By role: ", { bold: true }), run(ROLES.map((r) => `${ROLE_NAME[r]} ${participation.byRole[r]}`).join(" · "))]),
  ];
  const top = (label: string, titles: string[]) =>
    titles.length
      ? [para([run(label, { bold: true })], { keepNext: true }), ...titles.map((t, i) => numbered(i + 1, textRuns(t)))]
      : [];
  out.push(...top("Top challenges", summary.topChallenges), ...top("Top solutions", summary.topSolutions));
  if (!summary.topChallenges.length && !summary.topSolutions.length) out.push(muted("No votes yet."));
  return out;
}

function participationSection(model: ReportModel): (Paragraph | Table)[] {
  const { participation, summary } = model;
  const share = (n: number) => (summary.participants ? `${Math.round((n / summary.participants) * 100)}%` : "—");
  const chart = participationChart(model);
  const out: (Paragraph | Table)[] = [
    heading1("Participation"),
    table(
      [
        { header: "Helix", width: 50 },
        { header: "Participants", width: 25, align: "right" },
        { header: "Share", width: 25, align: "right" },
      ],
      HELICES.map((h) => [
        small(HELIX_NAME[h], { bold: true, color: hex(HELIX_COLORS[h]) }),
        String(participation.byHelix[h]),
        share(participation.byHelix[h]),
      ]),
    ),
    gap(),
    table(
      [
        { header: "Role", width: 50 },
        { header: "Participants", width: 25, align: "right" },
        { header: "Share", width: 25, align: "right" },
      ],
      ROLES.map((r) => [ROLE_NAME[r], String(participation.byRole[r]), share(participation.byRole[r])]),
    ),
    gap(),
    para([run(chart.title, { bold: true })], { keepNext: true }),
    chartParagraph(chart, "Participation chart", "participants"),
  ];
  if (participation.absentHelices.length)
    out.push(para([run("Absent helices: ", { bold: true }), ...helixRuns(participation.absentHelices), run(".")]));
  if (participation.dominantHelix)
    out.push(
      note(
        [
          run("Note: ", { bold: true }),
          run(HELIX_NAME[participation.dominantHelix], { bold: true, color: hex(HELIX_COLORS[participation.dominantHelix]) }),
          run(" was more than half of the room; the balanced score weighs every helix the same."),
        ],
        hex(HELIX_COLORS[participation.dominantHelix]),
        "F1F3F5",
      ),
    );
  return out;
}

const thresholdNote = (threshold: number | null) =>
  threshold === null
    ? []
    : [muted(`A helix supports an item when it gives it at least ${score(threshold)} points per person who could vote.`)];

function challengesSection(model: ReportModel): (Paragraph | Table)[] {
  const { challenges } = model;
  const out: (Paragraph | Table)[] = [heading1("Challenges")];
  if (!challenges.voted) out.push(muted("No vote on challenges yet."));
  if (!challenges.items.length) return [...out, muted("No challenges.")];
  out.push(
    para([run("Ranked by balanced score (the mean of the helices' support per person); the raw score is the sum of points.")]),
    ...thresholdNote(challenges.threshold),
    rankedTable(challenges.items, "Challenge"),
    gap(),
  );
  if (challenges.voted) {
    const shown = Math.min(DOCX_CHARTS_PER_LIST, challenges.items.length);
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

function solutionsSection(model: ReportModel): (Paragraph | Table)[] {
  const { solutions } = model;
  const out: (Paragraph | Table)[] = [heading1("Solutions")];
  if (!solutions.voted) out.push(muted("No vote on solutions yet."));
  if (!solutions.byChallenge.length) return [...out, muted("No challenges, so no solutions.")];
  out.push(...thresholdNote(solutions.threshold));
  if (solutions.voted && solutions.byChallenge.length > DOCX_CHARTS_PER_LIST)
    out.push(muted(`Charts are shown for the solutions of the ${DOCX_CHARTS_PER_LIST} highest-ranked challenges.`));
  const max = supportScale(solutions.byChallenge.flatMap((g) => g.items));
  solutions.byChallenge.forEach((group, index) => {
    const challengeRank = model.challenges.items.find((c) => c.id === group.challengeId)?.rank ?? index + 1;
    out.push(heading3([run(`Challenge ${challengeRank}: `), ...textRuns(group.challenge)]));
    if (!group.items.length) {
      out.push(muted("No solutions."));
      return;
    }
    out.push(rankedTable(group.items, "Solution"), gap());
    if (solutions.voted && index < DOCX_CHARTS_PER_LIST) out.push(...supportCharts(group.items, max, "Solution"));
  });
  return out;
}

function agreementSection(model: ReportModel): (Paragraph | Table)[] {
  const { consensus, divergent } = model.agreement;
  return [
    heading1("Where the helices agree and where they diverge"),
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
            consensus.map((i) => [i.title, KIND_NAME[i.kind], helixRuns(i.supportedBy)]),
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
            divergent.map((i) => [
              i.title,
              KIND_NAME[i.kind],
              helixRuns(i.supportedBy),
              helixRuns(i.notSupportedBy),
            ]),
          ),
          gap(),
        ]
      : [muted("None.")]),
  ];
}

function recommendationDetails(r: ReportRecommendation, n: number): (Paragraph | Table)[] {
  const rows: [string, ParagraphChild[]][] = [
    ["Owner", textRuns(ownerLabel(r.owner))],
    ["Deadline", small(r.deadline ?? "—")],
    ["Priority", small(PRIORITY_NAME[r.priority], { bold: r.priority === "high" })],
    [
      "Drafted from",
      r.linked.length
        ? r.linked.flatMap((l, i) => [
            ...(i > 0 ? [new TextRun({ break: 1 })] : []),
            run(`${KIND_NAME[l.kind]}: `, { color: MUTED }),
            ...textRuns(l.title),
          ])
        : small("—"),
    ],
    [
      "Endorsements",
      [
        ...HELICES.flatMap((h, i) => [
          ...(i > 0 ? [run(", ")] : []),
          run(HELIX_NAME[h], { color: hex(HELIX_COLORS[h]), bold: true }),
          run(` ${r.endorsements.byHelix[h]}`),
        ]),
        run(` — total ${r.endorsements.total}`, { bold: true }),
      ],
    ],
  ];
  const labelWidth = Math.round(0.22 * TEXT_WIDTH);
  return [
    heading3([run(`${n}. `), ...textRuns(r.title)]),
    ...(r.body ? [para(textRuns(r.body))] : []),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: [labelWidth, TEXT_WIDTH - labelWidth],
      layout: TableLayoutType.FIXED,
      borders: TABLE_BORDERS,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      rows: rows.map(
        ([name, value]) =>
          new TableRow({
            cantSplit: true,
            children: [
              new TableCell({
                shading: { type: ShadingType.CLEAR, color: "auto", fill: HEADER_FILL },
                children: [new Paragraph({ style: "TableHead", children: [run(name)] })],
              }),
              new TableCell({ children: [new Paragraph({ style: "TableText", children: value })] }),
            ],
          }),
      ),
    }),
    gap(),
  ];
}

function recommendationsSection(model: ReportModel): (Paragraph | Table)[] {
  const { recommendations } = model;
  if (!recommendations.length) return [heading1("Recommendations and action plan"), muted("No recommendations yet.")];
  return [
    heading1("Recommendations and action plan"),
    muted("High priority first, then in the order the facilitators set."),
    heading2("Action plan"),
    table(
      [
        { header: "#", width: 5, align: "right" },
        { header: "Recommendation", width: 43 },
        { header: "Owner", width: 20 },
        { header: "Deadline", width: 12 },
        { header: "Priority", width: 10 },
        { header: "Endorsed", width: 10, align: "right" },
      ],
      recommendations.map((r, i) => [
        String(i + 1),
        r.title,
        ownerLabel(r.owner),
        r.deadline ?? "—",
        small(PRIORITY_NAME[r.priority], { bold: r.priority === "high" }),
        String(r.endorsements.total),
      ]),
    ),
    gap(),
    heading2("Recommendations in detail"),
    ...recommendations.flatMap((r, i) => recommendationDetails(r, i + 1)),
  ];
}

function annexSection(model: ReportModel): Paragraph[] {
  const out: Paragraph[] = [
    heading1("Annex", true),
    heading2("All contributions"),
    muted("Every visible contribution in the order it was made; contributions merged into one are listed beneath it."),
  ];
  for (const c of model.annex.contributions) {
    const who: TextRun =
      c.origin === "host"
        ? run("host", { color: MUTED })
        : c.helix
          ? run(HELIX_NAME[c.helix], { color: hex(HELIX_COLORS[c.helix]) })
          : run("—", { color: MUTED });
    out.push(
      new Paragraph({
        spacing: { after: 60 },
        indent: c.kind === "solution" ? { left: 360 } : undefined,
        children: [
          run(KIND_NAME[c.kind], { bold: true }),
          run(" ("),
          who,
          run("): "),
          ...textRuns(c.title),
          ...(c.body ? [run(" — ", { color: MUTED }), ...textRuns(c.body, { color: MUTED })] : []),
        ],
      }),
    );
    for (const m of c.merged)
      out.push(
        new Paragraph({
          spacing: { after: 60 },
          indent: { left: c.kind === "solution" ? 720 : 360 },
          children: [
            run("Merged here: ", { italics: true, color: MUTED }),
            ...textRuns(m.title),
            ...(m.body ? [run(" — ", { color: MUTED }), ...textRuns(m.body, { color: MUTED })] : []),
          ],
        }),
      );
  }
  if (!model.annex.contributions.length) out.push(muted("No contributions."));
  out.push(heading2("Method"), ...model.annex.method.map((m) => bullet([run(m)])));
  return out;
}

// ---------------------------------------------------------------------------------------------

/** The report as a DOCX file. */
export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const author = clean(model.title.host.trim() || "Helix Review");
  const kind = model.interim ? "Interim peer-review report" : "Peer-review report";
  const headerText = new Paragraph({
    border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: RULE, space: 4 } },
    children: [
      run(model.title.workshop.replace(/\s+/g, " "), { size: 16, color: MUTED }),
      run(`  ·  ${kind}`, { size: 16, color: MUTED }),
    ],
  });
  const footerText = () =>
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
        title: {
          run: { font: FONT, size: 48, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 0, after: 240 } },
        },
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
          id: "ContentsHeading",
          name: "Contents heading",
          basedOn: "Normal",
          next: "Normal",
          run: { size: 28, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 480, after: 160 }, keepNext: true },
        },
        {
          id: "TableText",
          name: "Table text",
          basedOn: "Normal",
          quickFormat: true,
          run: { size: TABLE_TEXT },
          paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
        },
        { id: "TableTextRight", name: "Table text right", basedOn: "TableText", paragraph: { alignment: AlignmentType.RIGHT } },
        { id: "TableTextCenter", name: "Table text centre", basedOn: "TableText", paragraph: { alignment: AlignmentType.CENTER } },
        { id: "TableHead", name: "Table heading", basedOn: "TableText", run: { size: HEADER_TEXT, bold: true } },
        { id: "TableHeadRight", name: "Table heading right", basedOn: "TableHead", paragraph: { alignment: AlignmentType.RIGHT } },
        { id: "TableHeadCenter", name: "Table heading centre", basedOn: "TableHead", paragraph: { alignment: AlignmentType.CENTER } },
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
        headers: { default: new Header({ children: [headerText] }), first: new Header({ children: [new Paragraph({})] }) },
        footers: { default: new Footer({ children: [footerText()] }), first: new Footer({ children: [footerText()] }) },
        children: [
          ...titleBlock(model),
          ...tableOfContents(),
          ...summarySection(model),
          ...participationSection(model),
          ...challengesSection(model),
          ...solutionsSection(model),
          ...agreementSection(model),
          ...recommendationsSection(model),
          ...annexSection(model),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
