import { HELICES, HELIX_COLORS, type Helix, type HelixCounts, ROLES } from "../domain/helix";
import type { SupportLabel } from "../domain/helix-metrics";
import type { Priority } from "../domain/recommendations";
import {
  groupByDay,
  type RankedEntry,
  type ReportDay,
  type ReportModel,
  type ReportNote,
  type ReportVote,
  spansDays,
} from "../domain/report";
import { type BarChart, CHARTED_SOLUTION_GROUPS, CHARTS_PER_LIST, supportScale } from "./charts";
import { type ReportLanguage, type ReportT, reportT } from "./i18n";

/**
 * The report as a document: an ordered list of blocks that carries every sentence of the report,
 * written once, here, in the chosen language. The DOCX, PDF, HTML and Markdown back-ends only lay
 * these blocks out (and escape what they print); none of them writes a word of its own.
 */

/** A run of text and its emphasis. `helix` colours it; `badge` marks a label or a priority. */
export type Span = {
  text: string;
  strong?: boolean;
  emphasis?: boolean;
  muted?: boolean;
  helix?: Helix;
  badge?: SupportLabel | Priority;
};
/** Text made of spans; typed text is always a span of its own, never parsed. */
export type Rich = Span[];

export type Column = {
  header: string;
  /** A shorter header a narrow page may use instead; the table's `legend` then says what it stands for. */
  short?: string;
  align?: "left" | "right";
  helix?: Helix;
  /** Sized to its widest cell and never wrapped (numbers, labels); other columns share the rest. */
  fit?: boolean;
};

export type ChartFigure = { caption: Rich; chart: BarChart; description: string };

export type Block =
  /** Level 1 is a section (in the contents, with an anchor); 2 and 3 are within it. */
  | { type: "heading"; level: 1 | 2 | 3 | 4; text: Rich; anchor?: string }
  | { type: "paragraph"; text: Rich; tone?: "muted" }
  | { type: "note"; text: Rich; tone: "warning" | "info" }
  | { type: "list"; ordered: boolean; items: { text: Rich; sub?: Rich[] }[] }
  | { type: "facts"; items: { label: string; value: Rich }[] }
  | { type: "figures"; items: { value: string; label: string }[] }
  | {
      type: "table";
      caption: string;
      columns: Column[];
      rows: Rich[][];
      /** Said under the table. */
      note?: Rich;
      /** What the short headers stand for: said only where a back-end used them. */
      legend?: Rich;
    }
  /** One chart across the page, or a grid of small ones on one scale. */
  | { type: "charts"; layout: "single" | "grid"; title?: string; figures: ChartFigure[] };

export type ReportDocument = {
  language: ReportLanguage;
  /** The workshop's title as typed. */
  title: string;
  /** "Quadruple-helix peer review · Workshop report" above the title. */
  kicker: string;
  /** What the document is, for file properties, running headers and the browser tab. */
  subject: string;
  /** The title and the subject together: a browser tab's title, a page's running header. */
  runningTitle: string;
  author: string;
  description: string;
  keywords: string;
  contentsTitle: string;
  /** "Page {page} of {total}", with the two numbers left to the back-end. */
  pageLabel: ({ text: string } | { field: "page" | "total" })[];
  /** Facts under the title, then the interim note if any. */
  front: Block[];
  body: Block[];
  footer: string;
  generatedAt: string;
};

const s = (text: string, look: Omit<Span, "text"> = {}): Span => ({ text, ...look });
const p = (text: string | Rich, tone?: "muted"): Block => ({
  type: "paragraph",
  text: typeof text === "string" ? [s(text)] : text,
  ...(tone ? { tone } : {}),
});
const h = (level: 1 | 2 | 3 | 4, text: string | Rich, anchor?: string): Block => ({
  type: "heading",
  level,
  text: typeof text === "string" ? [s(text)] : text,
  ...(anchor ? { anchor } : {}),
});
const none = (text: string): Block => ({ type: "paragraph", text: [s(text, { emphasis: true })], tone: "muted" });

/** Numbers, dates and lists in the report's language. */
export function formatters(language: ReportLanguage) {
  // English for European partners: day before month, a 24-hour clock.
  const locale = language === "en" ? "en-GB" : language;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const moment = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
  const list = new Intl.ListFormat(locale, { style: "long", type: "conjunction" });
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
  return {
    number: (n: number) => number.format(Math.round(n * 100) / 100),
    percent: (share: number) => percent.format(share),
    day: (iso: string) => day.format(date(iso)),
    days: (from: string, to: string | null) =>
      to && to !== from ? day.formatRange(date(from), date(to)) : day.format(date(from)),
    moment: (iso: string) => moment.format(new Date(iso)),
    list: (items: string[]) => list.format(items),
  };
}

/** The words a reader sees for the model's codes, in the report's language (JSON and CSV carry them too). */
export function reportLabels(language: ReportLanguage) {
  const t = reportT(language);
  return {
    helices: Object.fromEntries(HELICES.map((x) => [x, t(`helix.${x}`)])) as Record<Helix, string>,
    roles: Object.fromEntries(ROLES.map((x) => [x, t(`role.${x}`)])) as Record<(typeof ROLES)[number], string>,
    supportLabels: {
      consensus: t("label.consensus"),
      divergent: t("label.divergent"),
      "single-helix": t("label.single-helix"),
      none: t("label.none"),
    } as Record<SupportLabel, string>,
    priorities: { high: t("priority.high"), medium: t("priority.medium"), low: t("priority.low") } as Record<Priority, string>,
    kinds: { challenge: t("kind.challenge"), solution: t("kind.solution") },
  };
}

/** Sections in the report's order, with the anchors the back-ends link them by. */
export const SECTION_IDS = [
  "summary",
  "theme",
  "participation",
  "challenges",
  "solutions",
  "votes",
  "agreement",
  "recommendations",
  "annex",
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** The section headings of a report in a language, in order (the theme only when the host wrote one). */
export function sectionTitles(language: ReportLanguage, withTheme = false): string[] {
  const t = reportT(language);
  return SECTION_IDS.filter((id) => withTheme || id !== "theme").map((id) => t(`section.${id}`));
}

/** The whole report as blocks, in `language`. */
export function reportDocument(model: ReportModel, language: ReportLanguage = "en"): ReportDocument {
  const t = reportT(language);
  const f = formatters(language);
  const L = reportLabels(language);
  const helixSpans = (helices: readonly Helix[]): Rich =>
    helices.length
      ? helices.flatMap((x, i) => [...(i > 0 ? [s(", ")] : []), s(L.helices[x], { helix: x })])
      : [s(t("common.none"), { emphasis: true, muted: true })];
  const helixText = (helices: readonly Helix[]) => (helices.length ? f.list(helices.map((x) => L.helices[x])) : t("common.none"));
  const total = (counts: HelixCounts) => HELICES.reduce((sum, x) => sum + counts[x], 0);
  const score = f.number;
  const when = f.moment(model.generatedAt);

  const voteTitle = (vote: Pick<ReportVote, "number" | "title" | "kind">) => voteName(vote, language);
  const turnoutLine = (turnout: HelixCounts, electorate: HelixCounts) =>
    t("vote.turnout", {
      helices: HELICES.map((x) => t("vote.ofHelix", { helix: L.helices[x], voted: turnout[x], could: electorate[x] })).join(", "),
      voted: total(turnout),
      could: total(electorate),
    });
  const thresholdSentence = (threshold: number) => t("ranking.threshold", { count: threshold, threshold: score(threshold) });
  const points = (n: number) => t("common.points", { count: n, n: f.number(n) });
  const dayTitle = (day: ReportDay) => dayName(day, language);
  // Rapporteur notes: printed as typed (each line its own paragraph; back-ends escape), who and when under them.
  const stepNotes = new Map(model.notes.steps.map((n) => [n.stepId, n]));
  const challengeNotes = new Map(model.notes.challenges.map((n) => [n.challengeId, n]));
  const noteBlocks = (note: ReportNote | undefined, heading: 3 | 4 | false = 3): Block[] =>
    note
      ? [
          ...(heading ? [h(heading, t("notes.heading"))] : []),
          ...note.body
            .split(/\r?\n/)
            .filter((line) => line.trim())
            .map((line) => p([s(line)])),
          p(
            note.by ? t("notes.by", { name: note.by, when: f.moment(note.at) }) : t("notes.at", { when: f.moment(note.at) }),
            "muted",
          ),
        ]
      : [];

  // ── Title block ────────────────────────────────────────────────────────────────────────────────
  const { title, summary, participation } = model;
  const front: Block[] = [
    {
      type: "facts",
      items: [
        { label: t("front.host"), value: [s(title.host)] },
        ...(title.venue ? [{ label: t("front.venue"), value: [s(title.venue)] }] : []),
        ...(title.dates.from ? [{ label: t("front.dates"), value: [s(f.days(title.dates.from, title.dates.to))] }] : []),
        {
          label: t("front.facilitators"),
          value: title.facilitators.length ? [s(title.facilitators.join(", "))] : [s("—", { muted: true })],
        },
        { label: t("front.generated"), value: [s(when)] },
      ],
    },
    ...(model.interim
      ? [
          {
            type: "note",
            tone: "warning",
            text: [s(t("front.interimTitle"), { strong: true }), s(` — ${t("front.interimNote", { when })}`)],
          } satisfies Block,
        ]
      : []),
  ];

  // ── Summary ────────────────────────────────────────────────────────────────────────────────────
  const body: Block[] = [h(1, t("section.summary"), "summary")];
  body.push(
    p(
      t("summary.sentence", {
        participants: t("summary.participants", { count: summary.participants }),
        challenges: t("summary.challenges", { count: summary.contributions.challenges }),
        solutions: t("summary.solutions", { count: summary.contributions.solutions }),
        points: t("summary.points", { count: summary.pointsGiven }),
      }),
    ),
    {
      type: "figures",
      items: [
        { value: f.number(summary.participants), label: t("figures.participants", { count: summary.participants }) },
        {
          value: f.number(summary.contributions.challenges),
          label: t("figures.challenges", { count: summary.contributions.challenges }),
        },
        {
          value: f.number(summary.contributions.solutions),
          label: t("figures.solutions", { count: summary.contributions.solutions }),
        },
        { value: f.number(summary.pointsGiven), label: t("figures.points", { count: summary.pointsGiven }) },
      ],
    },
    {
      type: "facts",
      items: [
        {
          label: t("summary.byHelix"),
          value: HELICES.flatMap((x, i) => [
            ...(i > 0 ? [s(" · ")] : []),
            s(L.helices[x], { helix: x, strong: true }),
            s(` ${f.number(participation.byHelix[x])}`),
          ]),
        },
        {
          label: t("summary.byRole"),
          value: [s(ROLES.map((r) => `${L.roles[r]} ${f.number(participation.byRole[r])}`).join(" · "))],
        },
      ],
    },
  );
  for (const [key, titles] of [
    ["summary.topChallenges", summary.topChallenges],
    ["summary.topSolutions", summary.topSolutions],
  ] as const) {
    if (titles.length) body.push(h(3, t(key)), { type: "list", ordered: true, items: titles.map((x) => ({ text: [s(x)] })) });
  }
  if (!summary.topChallenges.length && !summary.topSolutions.length) body.push(none(t("summary.noVote")));

  // ── Theme: the context the host wrote, after the summary ───────────────────────────────────────
  if (title.theme) {
    body.push(h(1, t("section.theme"), "theme"));
    for (const chunk of title.theme.split(/\r?\n\s*\r?\n/)) if (chunk.trim()) body.push(p(chunk.trim()));
  }

  // ── Participation ──────────────────────────────────────────────────────────────────────────────
  const people = summary.participants;
  const share = (n: number) => (people ? f.percent(n / people) : "—");
  body.push(h(1, t("section.participation"), "participation"), {
    type: "table",
    caption: t("participation.byHelixCaption"),
    columns: [
      { header: t("column.helix") },
      { header: t("column.participants"), align: "right", fit: true },
      { header: t("column.share"), align: "right", fit: true },
    ],
    rows: [
      ...HELICES.map((x) => [
        [s(L.helices[x], { helix: x, strong: true })],
        [s(f.number(participation.byHelix[x]))],
        [s(share(participation.byHelix[x]))],
      ]),
      [[s(t("common.total"), { strong: true })], [s(f.number(people))], [s(people ? f.percent(1) : "—")]],
    ],
  });
  const participationChart: BarChart = {
    title: t("participation.chart"),
    max: Math.max(1, ...HELICES.map((x) => participation.byHelix[x])),
    bars: HELICES.map((x) => ({
      label: L.helices[x],
      value: participation.byHelix[x],
      valueLabel:
        participation.byHelix[x] === 0 ? t("participation.absentValue", { n: f.number(0) }) : f.number(participation.byHelix[x]),
      colour: HELIX_COLORS[x],
    })),
  };
  body.push(
    {
      type: "charts",
      layout: "single",
      figures: [
        {
          caption: [s(participationChart.title, { strong: true })],
          chart: participationChart,
          description: chartDescription(participationChart, t("chart.participantsUnit"), t, score),
        },
      ],
    },
    {
      type: "table",
      caption: t("participation.byRoleCaption"),
      columns: [{ header: t("column.role") }, { header: t("column.participants"), align: "right", fit: true }],
      rows: ROLES.map((r) => [[s(L.roles[r])], [s(f.number(participation.byRole[r]))]]),
    },
  );
  if (participation.absentHelices.length)
    body.push({
      type: "note",
      tone: "info",
      text: [
        s(`${t("participation.absentLabel")}: `, { strong: true }),
        ...helixSpans(participation.absentHelices),
        s(`. ${t("participation.absentNote")}`),
      ],
    });
  if (participation.dominantHelix)
    body.push({
      type: "note",
      tone: "info",
      text: [
        s(`${t("common.note")}: `, { strong: true }),
        s(t("participation.dominant", { helix: L.helices[participation.dominantHelix] })),
      ],
    });

  // ── Ranked lists ───────────────────────────────────────────────────────────────────────────────
  const voteOf = (section: "challenges" | "solutions") => {
    const stepId = model[section].voteStepId;
    return stepId === null ? undefined : model.votes.find((v) => v.stepId === stepId);
  };
  const rankedBy = (section: "challenges" | "solutions"): Block[] => {
    const { voted, turnout, electorate, threshold } = model[section];
    if (!voted) return [];
    const vote = voteOf(section);
    return [
      ...(vote ? [p(t(`ranking.rankedBy.${vote.kind}`, { vote: voteTitle(vote) }), "muted")] : []),
      ...(turnout && electorate ? [p(turnoutLine(turnout, electorate))] : []),
      p(t("ranking.method"), "muted"),
      ...(threshold === null ? [] : [p(thresholdSentence(threshold), "muted")]),
    ];
  };
  const abbreviations = t("ranking.abbreviations", {
    list: [
      `${t("column.balancedShort")} = ${t("column.balanced")}`,
      ...HELICES.map((x) => `${t(`helixShort.${x}`)} = ${L.helices[x]}`),
    ].join("; "),
  });
  const labelSpan = (label: SupportLabel) => s(L.supportLabels[label], { badge: label });
  const rankedTable = (items: readonly RankedEntry[], item: string, caption: string): Block => ({
    type: "table",
    caption,
    columns: [
      { header: "#", align: "right", fit: true },
      { header: item },
      { header: t("column.balanced"), short: t("column.balancedShort"), align: "right", fit: true },
      { header: t("column.raw"), align: "right", fit: true },
      ...HELICES.map((x) => ({
        header: L.helices[x],
        short: t(`helixShort.${x}`),
        helix: x,
        align: "right" as const,
        fit: true,
      })),
      { header: t("column.label"), fit: true },
    ],
    rows: items.map((i) => [
      [s(f.number(i.rank))],
      [s(i.title)],
      [s(score(i.metrics.balanced), { strong: true })],
      [s(f.number(i.metrics.raw))],
      ...HELICES.map((x) => {
        const v = i.metrics.support[x];
        return v === null ? [s(t("ranking.absent"), { emphasis: true, muted: true })] : [s(score(v))];
      }),
      [labelSpan(i.metrics.label)],
    ]),
    note: [s(t("ranking.legend"), { muted: true })],
    legend: [s(abbreviations, { muted: true })],
  });
  const supportCharts = (items: readonly RankedEntry[], max: number): Block[] => {
    if (!items.length) return [];
    const shown = items.slice(0, CHARTS_PER_LIST);
    return [
      {
        type: "charts",
        layout: "grid",
        title:
          items.length > shown.length ? t("chart.supportTop", { shown: shown.length, total: items.length }) : t("chart.support"),
        figures: shown.map((entry) => {
          const chart: BarChart = {
            title: t("chart.supportOf", { title: entry.title }),
            max,
            bars: HELICES.map((x) => ({
              label: L.helices[x],
              value: entry.metrics.support[x],
              valueLabel: entry.metrics.support[x] === null ? t("ranking.absent") : score(entry.metrics.support[x] as number),
              colour: HELIX_COLORS[x],
            })),
          };
          return {
            caption: [
              s(`${f.number(entry.rank)}. `, { strong: true }),
              s(entry.title, { strong: true }),
              s(" "),
              labelSpan(entry.metrics.label),
            ],
            chart,
            description: chartDescription(chart, t("chart.supportUnit"), t, score),
          };
        }),
      },
    ];
  };

  const { challenges, solutions } = model;
  body.push(h(1, t("section.challenges"), "challenges"));
  if (!challenges.items.length) body.push(none(t("challenges.none")));
  else {
    if (!challenges.voted) body.push(none(t("challenges.noVote")));
    body.push(...rankedBy("challenges"), rankedTable(challenges.items, t("kind.challenge"), t("challenges.caption")));
    if (challenges.voted) body.push(...supportCharts(challenges.items, supportScale(challenges.items)));
  }

  body.push(h(1, t("section.solutions"), "solutions"));
  if (!solutions.byChallenge.length) body.push(none(t("solutions.noChallenges")));
  else {
    if (!solutions.voted) body.push(none(t("solutions.noVote")));
    body.push(...rankedBy("solutions"));
    if (solutions.voted && solutions.byChallenge.length > CHARTED_SOLUTION_GROUPS)
      body.push(p(t("solutions.chartsLimited", { count: CHARTED_SOLUTION_GROUPS }), "muted"));
    const max = supportScale(solutions.byChallenge.flatMap((g) => g.items));
    const rankOf = new Map(challenges.items.map((c) => [c.id, c.rank]));
    solutions.byChallenge.forEach((group, index) => {
      body.push(
        h(2, [
          s(`${t("solutions.challengeHeading", { rank: f.number(rankOf.get(group.challengeId) ?? index + 1) })} `),
          s(group.challenge),
        ]),
        ...noteBlocks(challengeNotes.get(group.challengeId)?.note),
      );
      if (!group.items.length) {
        body.push(none(t("solutions.none")));
        return;
      }
      body.push(rankedTable(group.items, t("kind.solution"), t("solutions.caption", { challenge: group.challenge })));
      if (solutions.voted && index < CHARTED_SOLUTION_GROUPS) body.push(...supportCharts(group.items, max));
    });
  }

  // ── Votes ──────────────────────────────────────────────────────────────────────────────────────
  body.push(h(1, t("section.votes"), "votes"));
  if (!model.votes.length) body.push(none(t("votes.none")));
  else body.push(p(t("votes.intro"), "muted"));
  // A workshop over several days lists its votes under each day's heading, one level down.
  const byDay = spansDays(model);
  const voteBlocks = (vote: ReportVote) => {
    body.push(
      h(byDay ? 3 : 2, voteTitle(vote)),
      p(t("votes.facts", { kind: t(`votes.kind.${vote.kind}`), points: points(vote.pointsGiven) })),
      p(thresholdSentence(vote.threshold), "muted"),
      p(turnoutLine(vote.turnout, vote.electorate)),
    );
    const warnings: string[] = [];
    if (vote.balance.dominantHelix && vote.balance.dominantShare !== null)
      warnings.push(
        t("votes.dominant", { helix: L.helices[vote.balance.dominantHelix], share: f.percent(vote.balance.dominantShare) }),
      );
    if (vote.balance.absentHelices.length) warnings.push(t("votes.absent", { helices: helixText(vote.balance.absentHelices) }));
    for (const warning of warnings) body.push({ type: "note", tone: "warning", text: [s(warning)] });
    body.push(
      vote.items.length
        ? {
            type: "table",
            caption: t("votes.caption", { vote: voteTitle(vote) }),
            columns: [
              { header: "#", align: "right", fit: true },
              { header: t("column.item") },
              { header: t("column.balanced"), short: t("column.balancedShort"), align: "right", fit: true },
              { header: t("column.raw"), align: "right", fit: true },
              { header: t("column.label"), fit: true },
            ],
            legend: [s(abbreviations, { muted: true })],
            rows: vote.items.map((i) => [
              [s(f.number(i.rank))],
              [s(i.title)],
              [s(score(i.metrics.balanced), { strong: true })],
              [s(f.number(i.metrics.raw))],
              [labelSpan(i.metrics.label)],
            ]),
          }
        : none(t("votes.noPoints")),
      ...noteBlocks(stepNotes.get(vote.stepId)?.note, byDay ? 4 : 3),
    );
  };
  if (byDay)
    for (const group of groupByDay(model.votes, model.days)) {
      body.push(h(2, dayTitle(group.day)));
      group.items.forEach(voteBlocks);
    }
  else model.votes.forEach(voteBlocks);

  // ── Agreement: consensus, divergent, single helix (each its own heading) ──────────────────────
  body.push(h(1, t("section.agreement"), "agreement"));
  const kindColumn = { header: t("column.kind"), fit: true };
  const groups = [
    { key: "consensus", items: model.agreement.consensus.map((i) => ({ ...i, notSupportedBy: null })) },
    { key: "divergent", items: model.agreement.divergent.filter((i) => i.label === "divergent") },
    { key: "singleHelix", items: model.agreement.divergent.filter((i) => i.label === "single-helix") },
  ] as const;
  for (const group of groups) {
    body.push(h(2, t(`agreement.${group.key}.heading`)), p(t(`agreement.${group.key}.about`), "muted"));
    if (!group.items.length) {
      body.push(none(t("common.noneFound")));
      continue;
    }
    const withNot = group.key !== "consensus";
    body.push({
      type: "table",
      caption: t(`agreement.${group.key}.heading`),
      columns: [
        { header: t("column.item") },
        kindColumn,
        { header: t("column.supportedBy") },
        ...(withNot ? [{ header: t("column.notSupportedBy") }] : []),
      ],
      rows: group.items.map((i) => [
        [s(i.title)],
        [s(L.kinds[i.kind])],
        helixSpans(i.supportedBy),
        ...(withNot ? [helixSpans(i.notSupportedBy ?? [])] : []),
      ]),
    });
  }

  // ── Recommendations and action plan ────────────────────────────────────────────────────────────
  body.push(h(1, t("section.recommendations"), "recommendations"));
  const recs = model.recommendations;
  const ownerSpans = (r: (typeof recs)[number]): Rich =>
    r.owner.kind === "helix" ? [s(L.helices[r.owner.helix], { helix: r.owner.helix })] : [s(r.owner.name)];
  const deadline = (d: string | null) => (d ? f.day(d) : "—");
  if (!recs.length) body.push(none(t("recommendations.none")));
  else {
    body.push(p(t("recommendations.order"), "muted"), h(2, t("recommendations.plan")), {
      type: "table",
      caption: t("recommendations.plan"),
      columns: [
        { header: "#", align: "right", fit: true },
        { header: t("column.recommendation") },
        { header: t("column.owner") },
        { header: t("column.deadline"), fit: true },
        { header: t("column.priority"), fit: true },
        { header: t("column.endorsements"), short: t("column.endorsementsShort"), align: "right", fit: true },
      ],
      rows: recs.map((r, i) => [
        [s(f.number(i + 1))],
        [s(r.title)],
        ownerSpans(r),
        [s(deadline(r.deadline))],
        [s(L.priorities[r.priority], { badge: r.priority, strong: r.priority === "high" })],
        [s(f.number(r.endorsements.total))],
      ]),
    });
    body.push(h(2, t("recommendations.details")));
    recs.forEach((r, i) => {
      body.push(h(3, [s(`${f.number(i + 1)}. `), s(r.title)]));
      if (r.body) body.push(p(r.body));
      body.push({
        type: "facts",
        items: [
          { label: t("column.owner"), value: ownerSpans(r) },
          { label: t("column.deadline"), value: [s(deadline(r.deadline))] },
          { label: t("column.priority"), value: [s(L.priorities[r.priority], { strong: r.priority === "high" })] },
          {
            label: t("recommendations.draftedFrom"),
            value: r.linked.length
              ? r.linked.flatMap((l, j) => [...(j > 0 ? [s("; ")] : []), s(`${L.kinds[l.kind]}: `, { muted: true }), s(l.title)])
              : [s("—")],
          },
          {
            label: t("column.endorsements"),
            value: [
              ...HELICES.flatMap((x, j) => [
                ...(j > 0 ? [s(", ")] : []),
                s(L.helices[x], { helix: x, strong: true }),
                s(` ${f.number(r.endorsements.byHelix[x])}`),
              ]),
              s(` — ${t("recommendations.total", { n: f.number(r.endorsements.total) })}`, { strong: true }),
            ],
          },
        ],
      });
    });
  }

  // ── Annex ──────────────────────────────────────────────────────────────────────────────────────
  body.push(h(1, t("section.annex"), "annex"), h(2, t("annex.all")));
  const contributions = model.annex.contributions;
  if (!contributions.length) body.push(none(t("annex.none")));
  else {
    body.push(p(t("annex.about"), "muted"), {
      type: "list",
      ordered: false,
      items: contributions.map((c) => ({
        text: [
          s(`${L.kinds[c.kind]} `, { strong: true }),
          s("("),
          c.origin === "host"
            ? s(t("annex.host"), { muted: true })
            : c.helix
              ? s(L.helices[c.helix], { helix: c.helix })
              : s("—", { muted: true }),
          s("): "),
          s(c.title),
          ...(c.body ? [s(" — ", { muted: true }), s(c.body, { muted: true })] : []),
        ],
        sub: c.merged.map((m) => [
          s(`${t("annex.mergedHere")}: `, { emphasis: true, muted: true }),
          s(m.title),
          ...(m.body ? [s(" — ", { muted: true }), s(m.body, { muted: true })] : []),
        ]),
      })),
    });
  }
  // Earlier wordings of edited items: the moderation of the day, for the record.
  const edited = contributions.filter((c) => c.revisions.length);
  if (edited.length) {
    body.push(h(2, t("history.heading")), p(t("history.about"), "muted"), {
      type: "list",
      ordered: false,
      items: edited.map((c) => ({
        text: [s(`${L.kinds[c.kind]}: `, { strong: true }), s(c.title)],
        sub: c.revisions.map((r) => [
          s(
            `${
              r.replacedBy === "participant"
                ? t("history.byParticipant", { when: f.moment(r.replacedAt) })
                : r.facilitator
                  ? t("history.byFacilitator", { name: r.facilitator, when: f.moment(r.replacedAt) })
                  : t("history.byFacilitatorUnknown", { when: f.moment(r.replacedAt) })
            }: `,
            { emphasis: true, muted: true },
          ),
          s(r.title),
          ...(r.body ? [s(" — ", { muted: true }), s(r.body, { muted: true })] : []),
        ]),
      })),
    });
  }
  // Notes on steps other than votes (a vote's are under it; a challenge's under its heading in Solutions).
  const otherStepNotes = model.notes.steps.filter((n) => !model.votes.some((v) => v.stepId === n.stepId));
  if (otherStepNotes.length) {
    body.push(h(2, t("notes.stepsHeading")));
    const stepNote = (n: (typeof otherStepNotes)[number], level: 3 | 4) =>
      body.push(h(level, n.title?.trim() ? n.title : t(`notes.kind.${n.kind}`)), ...noteBlocks(n.note, false));
    if (byDay)
      for (const group of groupByDay(otherStepNotes, model.days)) {
        body.push(h(3, dayTitle(group.day)));
        for (const n of group.items) stepNote(n, 4);
      }
    else for (const n of otherStepNotes) stepNote(n, 3);
  }
  body.push(h(2, t("annex.method")), {
    type: "list",
    ordered: false,
    items: methodSentences(language).map((m) => ({ text: [s(m)] })),
  });

  const subject = t(model.interim ? "meta.interimSubject" : "meta.subject");
  return {
    language,
    title: title.workshop,
    kicker: t(model.interim ? "front.kickerInterim" : "front.kicker"),
    subject,
    runningTitle: t("meta.running", { workshop: title.workshop.replace(/\s+/g, " "), subject }),
    author: title.host.trim() || "Helix Review",
    description: t("meta.description", { subject, workshop: title.workshop, host: title.host, when }),
    keywords: t("meta.keywords"),
    contentsTitle: t("front.contents"),
    pageLabel: t("meta.page", { page: "\u0000page\u0000", total: "\u0000total\u0000" })
      .split("\u0000")
      .filter(Boolean)
      .map((part) => (part === "page" || part === "total" ? { field: part } : { text: part })),
    front,
    body,
    footer: t(model.interim ? "meta.footerInterim" : "meta.footer", { when }),
    generatedAt: model.generatedAt,
  };
}

/** A vote's name as the report prints it: "Vote 2 — Run-off", or "Vote 3 — solutions" when it has no title. */
export function voteName(vote: Pick<ReportVote, "number" | "title" | "kind">, language: ReportLanguage): string {
  const t = reportT(language);
  return vote.title?.trim()
    ? t("vote.title", { number: vote.number, title: vote.title.trim() })
    : t(`vote.untitled.${vote.kind}`, { number: vote.number });
}

/** A day of the agenda as the report names it: "Day 1 — 14 November 2024", or "Day 2" without the workshop's dates. */
export function dayName(day: ReportDay, language: ReportLanguage): string {
  const t = reportT(language);
  const f = formatters(language);
  return day.date
    ? t("days.dayWithDate", { day: f.number(day.day), date: f.day(day.date) })
    : t("days.day", { day: f.number(day.day) });
}

/** How the metrics are computed, in the report's language (the annex's method, and the JSON's). */
export function methodSentences(language: ReportLanguage): string[] {
  const t = reportT(language);
  return ["raw", "perCapita", "electorate", "balanced", "breadth", "labels"].map((k) => t(`method.${k}`));
}

/** A chart in words, for screen readers: "Government: 3; Academia: 2 … (participants; scale 0 to 7)." */
function chartDescription(chart: BarChart, unit: string, t: ReportT, score: (n: number) => string): string {
  return t("chart.description", {
    bars: chart.bars.map((b) => `${b.label}: ${b.valueLabel}`).join("; "),
    unit,
    max: score(chart.max),
  });
}
