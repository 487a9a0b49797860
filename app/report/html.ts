import { HELICES, HELIX_COLORS, type Helix, ROLES } from "../domain/helix";
import type { SupportLabel } from "../domain/helix-metrics";
import type { RankedEntry, ReportModel, ReportRecommendation, ReportVote } from "../domain/report";
import {
  CHART_LAYOUT,
  CHARTED_SOLUTION_GROUPS,
  CHARTS_PER_LIST,
  type ChartLayout,
  chartSvg,
  participationChart,
  supportChart,
  supportScale,
} from "./charts";
import {
  ABSENT_HELICES_LABEL,
  dateRange,
  dominantRoomSentence,
  HELIX_NAME,
  helixList,
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
 * The report as one self-contained HTML5 file: opens offline, prints on A4, travels as an email
 * attachment. No scripts, no external resources (a Content-Security-Policy meta forbids them), inline
 * CSS only, charts as inline SVG. Every piece of text a person typed goes through `escapeHtml`, in
 * text and in attributes, so it shows as typed and never becomes markup, a link or a script.
 */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made inert in HTML, in element content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

const e = escapeHtml;

/** Support charts sit two to a row (one on a phone): drawn narrower than the default so their text stays legible. */
const GRID_CHART: ChartLayout = { ...CHART_LAYOUT, width: 340, labelWidth: 92, valueWidth: 52, barHeight: 16, gap: 7 };

const SECTIONS = [
  { id: "title", title: "Workshop" },
  { id: "summary", title: SECTION_TITLE.summary },
  { id: "participation", title: SECTION_TITLE.participation },
  { id: "challenges", title: SECTION_TITLE.challenges },
  { id: "solutions", title: SECTION_TITLE.solutions },
  { id: "votes", title: SECTION_TITLE.votes },
  { id: "agreement", title: SECTION_TITLE.agreement },
  { id: "recommendations", title: SECTION_TITLE.recommendations },
  { id: "annex", title: SECTION_TITLE.annex },
] as const;
type SectionId = (typeof SECTIONS)[number]["id"];
const heading = (id: SectionId) => SECTIONS.find((s) => s.id === id)?.title ?? id;

const STYLE = `
:root{--ink:#1f2328;--muted:#5b6470;--line:#d9dee4;--soft:#f5f7f9;--accent:#1864ab}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;font-variant-numeric:tabular-nums;overflow-wrap:break-word}
.page{max-width:calc(48rem + 2.5rem);margin:0 auto;padding:0 1.25rem 4rem}
a{color:var(--accent)}
a:focus-visible,.table-wrap:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
h1,h2,h3{line-height:1.25;font-weight:650;color:#111418}
h1{font-size:2rem;margin:.25rem 0 1rem;letter-spacing:-.01em}
h2{font-size:1.5rem;margin:3rem 0 1rem;padding-top:1.25rem;border-top:1px solid var(--line)}
h3{font-size:1.125rem;margin:2rem 0 .75rem}
p,ul,ol,dl{margin:0 0 1rem}
.helix-band{display:flex;height:6px;margin:0 -1.25rem 2rem}
.helix-band span{flex:1}
.eyebrow{margin:0;font-size:.8125rem;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.25rem;margin:1.25rem 0}
.meta dt{font-weight:600;color:var(--muted)}
.meta dd{margin:0}
.banner{margin:1.25rem 0;padding:.75rem 1rem;border:1px solid #f2c46f;border-left:4px solid #d48806;border-radius:6px;background:#fff8e6}
.toc{margin:2rem 0;padding:1rem 1.25rem;border:1px solid var(--line);border-radius:8px;background:var(--soft)}
.toc-title{margin:0 0 .5rem;font-weight:600;font-size:.8125rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
.toc ol{margin:0;padding-left:1.5rem;columns:2 16rem;column-gap:2rem}
.toc li{margin:.15rem 0;break-inside:avoid}
.muted{color:var(--muted)}
.small{font-size:.875rem}
.empty{color:var(--muted);font-style:italic}
.note{padding:.6rem .9rem;border-left:3px solid var(--line);background:var(--soft);border-radius:0 6px 6px 0}
.text{white-space:pre-line}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(8.5rem,1fr));gap:.75rem;margin:1rem 0 1.25rem;padding:0;list-style:none}
.figures li{padding:.75rem 1rem;border:1px solid var(--line);border-radius:8px}
.figures strong{display:block;font-size:1.75rem;line-height:1.2;font-weight:650}
.figures span{font-size:.875rem;color:var(--muted)}
.breakdown{margin:0 0 .5rem;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;font-size:.9375rem}
.helix{white-space:nowrap}
.chip{display:inline-block;width:.7em;height:.7em;margin-right:.4em;border-radius:2px;vertical-align:baseline}
${HELICES.map((h) => `.chip-${h}{background:${HELIX_COLORS[h]}}`).join("\n")}
.badge{display:inline-block;padding:.05rem .5rem;border:1px solid;border-radius:999px;font-size:.75rem;font-weight:600;line-height:1.5;white-space:nowrap}
.badge-consensus{color:#1e5e2c;background:#e8f5eb;border-color:#a6d4b0}
.badge-divergent{color:#8a4600;background:#fff3e0;border-color:#f3c28a}
.badge-single-helix{color:#3b3f99;background:#eef0ff;border-color:#b8bdf0}
.badge-none{color:#555c66;background:#f1f3f5;border-color:#d3d8de}
.badge-high{color:#9b1c1c;background:#fdecec;border-color:#f1b0b0}
.badge-medium{color:#8a4600;background:#fff3e0;border-color:#f3c28a}
.badge-low{color:#555c66;background:#f1f3f5;border-color:#d3d8de}
.table-wrap{margin:1rem 0 1.25rem;overflow-x:auto;-webkit-overflow-scrolling:touch}
.table-wrap.wide{margin-left:min(0px,calc(50% - min(32rem, 50vw - 2rem)));margin-right:min(0px,calc(50% - min(32rem, 50vw - 2rem)))}
table{width:100%;border-collapse:collapse;font-size:.875rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600;vertical-align:bottom;border-bottom:2px solid #c5ccd4}
thead th.group{text-align:center;border-bottom:1px solid var(--line);font-weight:600;color:var(--muted)}
tbody th{font-weight:500}
tbody th,.text-cell,figcaption{overflow-wrap:anywhere}
.nowrap{white-space:nowrap}
.num{text-align:right;white-space:nowrap}
.absent{color:var(--muted);font-style:italic}
table.ranked{min-width:36rem}
table.ranked thead .helix-col{font-size:.75rem;text-align:right}
table.ranked tbody th{min-width:11rem}
.item-label{margin-top:.3rem}
table.ranked .num,table.ranked .helix-col{width:1%}
table.plan{min-width:38rem}
table.vote tbody th{min-width:11rem;overflow-wrap:anywhere}
table.vote .num{width:1%}
.turnout{font-size:.9375rem}
article.vote{margin:0 0 1.5rem}
table.plan tbody th{min-width:14rem}
table.plan .title{font-weight:600}
table.annex td:nth-child(-n+2){width:1%}
.cell-text{margin:.25rem 0 0;white-space:pre-line}
.cell-meta{margin:.25rem 0 0;font-size:.8125rem;color:var(--muted)}
.endorse{margin:.25rem 0 0;padding:0;list-style:none;font-size:.8125rem;color:var(--muted)}
.merged{margin:.4rem 0 0;padding:.35rem 0 0 .75rem;border-left:2px solid var(--line);font-size:.8125rem}
.merged ul{margin:.15rem 0 0;padding-left:1.1rem}
.merged p{margin:0;color:var(--muted)}
svg{display:block;max-width:100%;height:auto}
figure{margin:0}
.chart{margin:1rem 0 1.5rem;max-width:30rem}
.charts svg{width:100%}
.chart figcaption,.charts figcaption{margin-bottom:.35rem;font-size:.875rem;font-weight:600}
.charts-title{margin:1.25rem 0 .5rem;font-size:.9375rem;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(21rem,100%),1fr));gap:1.25rem 1.5rem;margin:0 0 1.5rem}
.charts>figure{min-width:0}
.charts figcaption{display:flex;gap:.5rem;align-items:baseline;justify-content:space-between;font-weight:500}
.charts figcaption .badge{flex:none}
.rank{font-weight:700;margin-right:.25rem}
.doc-footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.8125rem;color:var(--muted)}
@media (max-width:40rem){
html{font-size:15px}
h1{font-size:1.6rem}
h2{font-size:1.3rem}
.meta{grid-template-columns:1fr;gap:0}
.meta dd{margin-bottom:.5rem}
.charts{grid-template-columns:minmax(0,1fr)}
}
@media screen{
.table-wrap{background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/2.5rem 100% no-repeat local,linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/2.5rem 100% no-repeat local,radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.18),rgba(0,0,0,0)) left/.8rem 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.18),rgba(0,0,0,0)) right/.8rem 100% no-repeat scroll}
}
@page{size:A4;margin:16mm 15mm 18mm;@bottom-right{content:"Page " counter(page) " of " counter(pages);font:8pt system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;color:#5b6470}}
@media print{
html{font-size:9.5pt}
body{line-height:1.45}
.page{max-width:none;padding:0}
.helix-band{margin:0 0 1.25rem}
.helix-band span,.chip{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.banner{background:none;border:1px solid #8a8f96;border-left-width:4px}
.toc{background:none}
.note,thead th,.badge{background:none}
a{color:inherit;text-decoration:none}
h2{border-top:0;padding-top:0;margin-top:1.5rem}
h2,h3,.charts-title,figcaption{break-after:avoid}
.break{break-before:page}
.table-wrap{overflow:visible}
.table-wrap.wide{margin-left:0;margin-right:0}
table{font-size:.9rem}
th,td{padding:.3rem .4rem}
.badge{font-size:.85em;padding:0 .4em}
table.ranked,table.plan{min-width:0}
table.ranked tbody th,table.plan tbody th{min-width:0}
tr,figure,.figures li,.meta{break-inside:avoid}
thead{display:table-header-group}
.charts{grid-template-columns:1fr 1fr;gap:.75rem 1.25rem}
.chart{max-width:26rem}
.doc-footer{border-top:1px solid #8a8f96}
}
`;

const helixTag = (h: Helix) =>
  `<span class="helix"><span class="chip chip-${h}" aria-hidden="true"></span>${e(HELIX_NAME[h])}</span>`;
const helixTags = (helices: readonly Helix[]) =>
  helices.length ? helices.map(helixTag).join(", ") : `<span class="muted">${e(helixList(helices))}</span>`;
const badge = (label: SupportLabel) => `<span class="badge badge-${label}">${e(LABEL_NAME[label])}</span>`;
const empty = (text: string) => `<p class="empty">${e(text)}</p>`;
const tableWrap = (label: string, table: string, wide = false) =>
  `<div class="table-wrap${wide ? " wide" : ""}" role="region" aria-label="${e(label)}" tabindex="0">${table}</div>`;

/** "2024-11-15 16:30 UTC" from the model's ISO timestamp, in a <time> element. */
function timestamp(iso: string): string {
  const readable = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
  return `<time datetime="${e(iso)}">${e(readable)}</time>`;
}

function rankedTable(label: string, items: readonly RankedEntry[]): string {
  const head = [
    "<thead><tr>",
    '<th scope="col" rowspan="2" class="num">#</th>',
    '<th scope="col" rowspan="2">Item</th>',
    '<th scope="col" rowspan="2" class="num">Balanced</th>',
    '<th scope="col" rowspan="2" class="num">Raw</th>',
    '<th scope="colgroup" colspan="4" class="group">Support per person</th>',
    "</tr><tr>",
    ...HELICES.map((h) => `<th scope="col" class="helix-col">${helixTag(h)}</th>`),
    "</tr></thead>",
  ].join("");
  const rows = items.map((i) => {
    const cells = [
      `<tr><td class="num">${i.rank}</td>`,
      `<th scope="row"><div>${e(i.title)}</div><div class="item-label">${badge(i.metrics.label)}</div></th>`,
      `<td class="num">${score(i.metrics.balanced)}</td>`,
      `<td class="num">${i.metrics.raw}</td>`,
    ];
    for (const h of HELICES) {
      const s = i.metrics.support[h];
      cells.push(s === null ? '<td class="num absent">absent</td>' : `<td class="num">${score(s)}</td>`);
    }
    cells.push("</tr>");
    return cells.join("");
  });
  return tableWrap(
    label,
    [
      '<table class="ranked"><colgroup span="4"></colgroup><colgroup span="4"></colgroup>',
      head,
      "<tbody>",
      rows.join(""),
      "</tbody></table>",
    ].join(""),
    true,
  );
}

/** Support charts for the top of a list, on one scale so bars compare across items. */
function supportCharts(items: readonly RankedEntry[]): string {
  if (!items.length) return "";
  const max = supportScale(items);
  const top = items.slice(0, CHARTS_PER_LIST);
  const figures = top.map(
    (i) =>
      `<figure><figcaption><span><span class="rank">${i.rank}.</span>${e(i.title)}</span>${badge(i.metrics.label)}</figcaption>${chartSvg(supportChart(i, max), GRID_CHART)}</figure>`,
  );
  const title =
    items.length > top.length
      ? `Support per person by helix: the top ${top.length} of ${items.length}`
      : "Support per person by helix";
  return `<p class="charts-title">${e(title)}</p><div class="charts">${figures.join("")}</div>`;
}

function header(model: ReportModel): string {
  const { title } = model;
  const dates = dateRange(title.dates);
  const meta: [string, string][] = [
    ["Host", e(title.host)],
    ...(title.venue ? ([["Venue", e(title.venue)]] as [string, string][]) : []),
    ...(dates ? ([["Dates", e(dates)]] as [string, string][]) : []),
    ["Facilitators", title.facilitators.length ? title.facilitators.map(e).join(", ") : "—"],
    ["Generated", timestamp(model.generatedAt)],
  ];
  return [
    `<header id="title" class="doc-header">`,
    `<div class="helix-band" aria-hidden="true">${HELICES.map((h) => `<span class="chip-${h}"></span>`).join("")}</div>`,
    '<p class="eyebrow">Quadruple-helix peer review · Workshop report</p>',
    `<h1>${e(title.workshop)}</h1>`,
    model.interim
      ? `<p class="banner" role="note"><strong>Interim report</strong> — generated at ${timestamp(model.generatedAt)} while the workshop is still running. Figures may change until it closes.</p>`
      : "",
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join("")}</dl>`,
    "</header>",
  ].join("");
}

function toc(): string {
  return `<nav class="toc" aria-labelledby="toc-title"><p class="toc-title" id="toc-title">Contents</p><ol>${SECTIONS.map(
    (s) => `<li><a href="#${s.id}">${e(s.title)}</a></li>`,
  ).join("")}</ol></nav>`;
}

function summary(model: ReportModel): string {
  const { summary, participation } = model;
  const figures = [
    [summary.participants, summary.participants === 1 ? "participant" : "participants"],
    [summary.contributions.challenges, summary.contributions.challenges === 1 ? "challenge" : "challenges"],
    [summary.contributions.solutions, summary.contributions.solutions === 1 ? "solution" : "solutions"],
    [summary.pointsGiven, summary.pointsGiven === 1 ? "point given in the votes" : "points given in the votes"],
  ] as const;
  const top = (label: string, titles: string[]) =>
    titles.length ? `<h3>${e(label)}</h3><ol>${titles.map((t) => `<li>${e(t)}</li>`).join("")}</ol>` : "";
  return [
    `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">${e(heading("summary"))}</h2>`,
    `<p>${e(summarySentence(model))}</p>`,
    `<ul class="figures">${figures.map(([n, label]) => `<li><strong>${n}</strong><span>${e(label)}</span></li>`).join("")}</ul>`,
    `<p class="small muted">Participants by helix and role:</p>`,
    `<ul class="breakdown">${HELICES.map((h) => `<li>${helixTag(h)} ${participation.byHelix[h]}</li>`).join("")}</ul>`,
    `<ul class="breakdown">${ROLES.map((r) => `<li>${e(ROLE_NAME[r])} ${participation.byRole[r]}</li>`).join("")}</ul>`,
    top("Top challenges", summary.topChallenges),
    top("Top solutions", summary.topSolutions),
    !summary.topChallenges.length && !summary.topSolutions.length
      ? empty("No vote yet: the top challenges and solutions appear once the participants have voted.")
      : "",
    "</section>",
  ].join("");
}

function participation(model: ReportModel): string {
  const p = model.participation;
  const total = model.summary.participants;
  const share = (n: number) => (total ? `${Math.round((n / total) * 100)}%` : "—");
  const helixTable = [
    '<table><thead><tr><th scope="col">Helix</th><th scope="col" class="num">Participants</th><th scope="col" class="num">Share</th></tr></thead><tbody>',
    ...HELICES.map(
      (h) =>
        `<tr><th scope="row">${helixTag(h)}</th><td class="num">${p.byHelix[h]}</td><td class="num">${share(p.byHelix[h])}</td></tr>`,
    ),
    `</tbody><tfoot><tr><th scope="row">Total</th><td class="num">${total}</td><td class="num">${total ? "100%" : "—"}</td></tr></tfoot></table>`,
  ].join("");
  const roleTable = [
    '<table><thead><tr><th scope="col">Role</th><th scope="col" class="num">Participants</th></tr></thead><tbody>',
    ...ROLES.map((r) => `<tr><th scope="row">${e(ROLE_NAME[r])}</th><td class="num">${p.byRole[r]}</td></tr>`),
    "</tbody></table>",
  ].join("");
  const chart = participationChart(model);
  return [
    `<section id="participation" aria-labelledby="participation-h"><h2 id="participation-h">${e(heading("participation"))}</h2>`,
    tableWrap("Participants by helix", helixTable),
    `<figure class="chart"><figcaption>${e(chart.title)}</figcaption>${chartSvg(chart)}</figure>`,
    tableWrap("Participants by role", roleTable),
    p.absentHelices.length
      ? `<p class="note"><strong>${ABSENT_HELICES_LABEL}:</strong> ${helixTags(p.absentHelices)}. They are reported as absent, never counted as zero support.</p>`
      : "",
    p.dominantHelix ? `<p class="note"><strong>Note:</strong> ${e(dominantRoomSentence(p.dominantHelix))}</p>` : "",
    "</section>",
  ].join("");
}

/** Which vote a ranked section follows, and that vote's turnout. */
const rankedBy = (model: ReportModel, section: "challenges" | "solutions") =>
  rankedByLines(model, section)
    .map((line) => `<p class="${line.startsWith("Turnout") ? "turnout" : "small muted"}">${e(line)}</p>`)
    .join("");

const thresholdLine = (threshold: number | null) =>
  threshold === null
    ? ""
    : `<p class="small muted">Ranked by balanced score. A helix supports an item when it gives at least ${score(threshold)} points per person.</p>`;

function challenges(model: ReportModel): string {
  const { voted, threshold, items } = model.challenges;
  return [
    `<section id="challenges" class="break" aria-labelledby="challenges-h"><h2 id="challenges-h">${e(heading("challenges"))}</h2>`,
    items.length
      ? `${voted ? `${rankedBy(model, "challenges")}${thresholdLine(threshold)}` : empty("No vote on challenges yet.")}${rankedTable("Challenges, ranked", items)}`
      : empty("No challenges yet."),
    voted ? supportCharts(items) : "",
    "</section>",
  ].join("");
}

function solutions(model: ReportModel): string {
  const { voted, threshold, byChallenge } = model.solutions;
  const out = [
    `<section id="solutions" class="break" aria-labelledby="solutions-h"><h2 id="solutions-h">${e(heading("solutions"))}</h2>`,
  ];
  if (!byChallenge.length) out.push(empty("No challenges yet, so no solutions."));
  else out.push(voted ? `${rankedBy(model, "solutions")}${thresholdLine(threshold)}` : empty("No vote on solutions yet."));
  byChallenge.forEach((group, index) => {
    out.push(`<h3>${e(group.challenge)}</h3>`);
    if (!group.items.length) {
      out.push(empty("No solutions."));
      return;
    }
    out.push(rankedTable(`Solutions for: ${group.challenge}`, group.items));
    if (voted && index < CHARTED_SOLUTION_GROUPS) out.push(supportCharts(group.items));
  });
  if (voted && byChallenge.length > CHARTED_SOLUTION_GROUPS)
    out.push(
      `<p class="small muted">Charts are drawn for the solutions of the top ${CHARTED_SOLUTION_GROUPS} challenges; the tables list every solution.</p>`,
    );
  out.push("</section>");
  return out.join("");
}

/** One vote's own ranking: only the items that received points in it. */
function voteTable(vote: ReportVote): string {
  const rows = vote.items.map(
    (i) =>
      `<tr><td class="num">${i.rank}</td><th scope="row">${e(i.title)}</th><td class="num">${score(i.metrics.balanced)}</td><td class="num">${i.metrics.raw}</td><td>${badge(i.metrics.label)}</td></tr>`,
  );
  return tableWrap(
    `${voteTitle(vote)}, ranked`,
    [
      '<table class="vote"><thead><tr><th scope="col" class="num">#</th><th scope="col">Item</th><th scope="col" class="num">Balanced</th><th scope="col" class="num">Raw</th><th scope="col">Label</th></tr></thead><tbody>',
      rows.join(""),
      "</tbody></table>",
    ].join(""),
  );
}

function votes(model: ReportModel): string {
  const out = [
    `<section id="votes" class="break" aria-labelledby="votes-h"><h2 id="votes-h">${e(heading("votes"))}</h2>`,
    model.votes.length ? `<p class="small muted">${e(VOTES_INTRO)}</p>` : empty(NO_VOTES),
  ];
  // Ids made here from the vote's number, never from the model's step ids.
  for (const vote of model.votes) {
    out.push(
      `<article class="vote" id="vote-${vote.number}" aria-labelledby="vote-${vote.number}-h">`,
      `<h3 id="vote-${vote.number}-h">${e(voteTitle(vote))}</h3>`,
      `<p>${e(voteFactsLine(vote))}</p>`,
      `<p class="turnout">${e(turnoutLine(vote.turnout, vote.electorate))}</p>`,
      ...voteBalanceLines(vote.balance).map((line) => `<p class="note">${e(line)}</p>`),
      vote.items.length ? voteTable(vote) : empty(NO_POINTS_IN_VOTE),
      "</article>",
    );
  }
  out.push("</section>");
  return out.join("");
}

function agreement(model: ReportModel): string {
  const { consensus, divergent } = model.agreement;
  const consensusTable = [
    '<table><thead><tr><th scope="col">Item</th><th scope="col">Kind</th><th scope="col">Supported by</th></tr></thead><tbody>',
    ...consensus.map(
      (i) =>
        `<tr><th scope="row">${e(i.title)}</th><td class="nowrap">${e(KIND_NAME[i.kind])}</td><td>${helixTags(i.supportedBy)}</td></tr>`,
    ),
    "</tbody></table>",
  ].join("");
  const divergentTable = [
    '<table><thead><tr><th scope="col">Item</th><th scope="col">Kind</th><th scope="col">Supported by</th><th scope="col">Not supported by</th></tr></thead><tbody>',
    ...divergent.map(
      (i) =>
        `<tr><th scope="row">${e(i.title)}</th><td class="nowrap">${e(KIND_NAME[i.kind])}</td><td>${helixTags(i.supportedBy)}</td><td>${helixTags(i.notSupportedBy)}</td></tr>`,
    ),
    "</tbody></table>",
  ].join("");
  return [
    `<section id="agreement" aria-labelledby="agreement-h"><h2 id="agreement-h">${e(heading("agreement"))}</h2>`,
    "<h3>Consensus</h3>",
    '<p class="small muted">Items every present helix supports.</p>',
    consensus.length ? tableWrap("Consensus", consensusTable) : empty("None."),
    "<h3>Divergence</h3>",
    '<p class="small muted">Items some helices support and others do not.</p>',
    divergent.length ? tableWrap("Divergence", divergentTable) : empty("None."),
    "</section>",
  ].join("");
}

function recommendations(model: ReportModel, anchors: Map<string, string>): string {
  const recs = model.recommendations;
  const row = (r: ReportRecommendation, n: number) => {
    const linked = r.linked.map((l) => {
      const anchor = anchors.get(l.id);
      const text = `${e(KIND_NAME[l.kind])}: ${e(l.title)}`;
      return anchor ? `<a href="#${anchor}">${text}</a>` : text;
    });
    return [
      `<tr><td class="num">${n}</td>`,
      `<th scope="row"><div class="title">${e(r.title)}</div>`,
      r.body ? `<p class="cell-text">${e(r.body)}</p>` : "",
      linked.length ? `<p class="cell-meta">Drafted from: ${linked.join("; ")}</p>` : "",
      "</th>",
      `<td class="text-cell">${r.owner.kind === "helix" ? helixTag(r.owner.helix) : e(ownerLabel(r.owner))}</td>`,
      `<td class="nowrap">${r.deadline ? e(r.deadline) : "—"}</td>`,
      `<td><span class="badge badge-${r.priority}">${e(PRIORITY_NAME[r.priority])}</span></td>`,
      `<td><strong>${r.endorsements.total}</strong> in total<ul class="endorse">`,
      HELICES.map((h) => `<li>${helixTag(h)} ${r.endorsements.byHelix[h]}</li>`).join(""),
      "</ul></td></tr>",
    ].join("");
  };
  const table = [
    '<table class="plan"><thead><tr><th scope="col" class="num">#</th><th scope="col">Recommendation</th><th scope="col">Owner</th><th scope="col">Deadline</th><th scope="col">Priority</th><th scope="col">Endorsements</th></tr></thead><tbody>',
    recs.map((r, i) => row(r, i + 1)).join(""),
    "</tbody></table>",
  ].join("");
  return [
    `<section id="recommendations" class="break" aria-labelledby="recommendations-h"><h2 id="recommendations-h">${e(heading("recommendations"))}</h2>`,
    recs.length
      ? `<p class="small muted">High priority first, then in the facilitators' order. Endorsements are counted by helix; who endorsed what is not recorded here.</p>${tableWrap("Action plan", table)}`
      : empty("No recommendations yet."),
    "</section>",
  ].join("");
}

function annex(model: ReportModel, anchors: Map<string, string>): string {
  const { contributions, method } = model.annex;
  const titles = new Map(contributions.map((c) => [c.id, c.title]));
  const from = (origin: "host" | "participant", helix: Helix | null) =>
    origin === "host" ? "Host" : helix ? helixTag(helix) : "—";
  const rows = contributions.map((c, i) => {
    const parent = c.parentId ? titles.get(c.parentId) : undefined;
    return [
      `<tr id="${anchors.get(c.id)}"><td class="num">${i + 1}</td>`,
      `<td class="nowrap">${e(KIND_NAME[c.kind])}<div class="cell-meta">${from(c.origin, c.helix)}</div></td>`,
      `<td class="text-cell"><strong>${e(c.title)}</strong>`,
      c.body ? `<p class="cell-text">${e(c.body)}</p>` : "",
      parent !== undefined ? `<p class="cell-meta">For the challenge: ${e(parent)}</p>` : "",
      c.merged.length
        ? `<div class="merged"><p>Merged here:</p><ul>${c.merged
            .map(
              (m) =>
                `<li>${e(m.title)}${m.body ? ` — <span class="text">${e(m.body)}</span>` : ""}${m.helix ? ` <span class="muted">(${e(HELIX_NAME[m.helix])})</span>` : ""}</li>`,
            )
            .join("")}</ul></div>`
        : "",
      "</td></tr>",
    ].join("");
  });
  const table = [
    '<table class="annex"><thead><tr><th scope="col" class="num">#</th><th scope="col">Kind, from</th><th scope="col">Contribution</th></tr></thead><tbody>',
    rows.join(""),
    "</tbody></table>",
  ].join("");
  return [
    `<section id="annex" class="break" aria-labelledby="annex-h"><h2 id="annex-h">${e(heading("annex"))}</h2>`,
    "<h3>All contributions</h3>",
    contributions.length
      ? `<p class="small muted">Every visible contribution in the order it was made; duplicates merged by the facilitators are listed under the one they were merged into.</p>${tableWrap("All contributions", table)}`
      : empty("No contributions yet."),
    "<h3>Method</h3>",
    `<ul>${method.map((m) => `<li>${e(m)}</li>`).join("")}</ul>`,
    "</section>",
  ].join("");
}

/** The report as one self-contained, printable HTML5 document, in the report's order. */
export function renderHtml(model: ReportModel): string {
  // Anchors of the annex rows are made here, never from the model's ids, so nothing typed reaches an id.
  const anchors = new Map(model.annex.contributions.map((c, i) => [c.id, `contribution-${i + 1}`]));
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light">',
    `<title>${e(model.title.workshop)} — Workshop report</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    '<div class="page">',
    header(model),
    toc(),
    "<main>",
    summary(model),
    participation(model),
    challenges(model),
    solutions(model),
    votes(model),
    agreement(model),
    recommendations(model, anchors),
    annex(model, anchors),
    "</main>",
    `<footer class="doc-footer"><p>Helix Review · report generated at ${timestamp(model.generatedAt)}${model.interim ? " · interim: the workshop is still running" : ""}.</p></footer>`,
    "</div>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
