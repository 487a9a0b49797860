import { HELICES, HELIX_COLORS } from "../domain/helix";
import { CHART_LAYOUT, type ChartLayout, chartSvg } from "./charts";
import type { Block, ChartFigure, Column, ReportDocument, Rich, Span } from "./document";

/**
 * The report as one self-contained HTML5 file: opens offline, prints on A4, travels as an email
 * attachment. No scripts, no external resources (a Content-Security-Policy meta forbids them), inline
 * CSS only, charts as inline SVG. It lays out the document's blocks and writes no sentence of its
 * own; every piece of text goes through `escapeHtml`, in text and in attributes, so typed text shows
 * as typed and never becomes markup, a link or a script.
 */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made inert in HTML, in element content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

const e = escapeHtml;

/** Support charts sit two to a row (one on a phone): drawn narrower than the default so their text stays legible. */
const GRID_CHART: ChartLayout = { ...CHART_LAYOUT, width: 340, labelWidth: 92, valueWidth: 52, barHeight: 16, gap: 7 };

const style = (PAGE_COUNTER: string) => `
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
h5{font-size:1rem;margin:1.25rem 0 .5rem}
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
@page{size:A4;margin:16mm 15mm 18mm;@bottom-right{content:${PAGE_COUNTER};font:8pt system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;color:#5b6470}}
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

function span(x: Span): string {
  let html = e(x.text);
  if (x.badge) return `<span class="badge badge-${x.badge}">${html}</span>`;
  if (x.helix) html = `<span class="helix"><span class="chip chip-${x.helix}" aria-hidden="true"></span>${html}</span>`;
  if (x.strong) html = `<strong>${html}</strong>`;
  if (x.emphasis) html = `<em>${html}</em>`;
  if (x.muted) html = `<span class="muted">${html}</span>`;
  return html;
}
const rich = (text: Rich) => text.map(span).join("");

function table(columns: Column[], rows: Rich[][], caption: string, note?: Rich): string {
  const wide = columns.length > 5;
  const cls = (c: Column) => [c.align === "right" ? "num" : "", c.helix ? "helix-col" : ""].filter(Boolean).join(" ");
  const attr = (c: Column) => (cls(c) ? ` class="${cls(c)}"` : "");
  const head = `<thead><tr>${columns.map((c) => `<th scope="col"${attr(c)}>${c.helix ? span({ text: c.header, helix: c.helix }) : e(c.header)}</th>`).join("")}</tr></thead>`;
  const textColumn = columns.findIndex((c) => !c.fit);
  const rowsHtml = rows
    .map(
      (row) =>
        `<tr>${row.map((cellText, i) => (i === textColumn ? `<th scope="row"${attr(columns[i])}>${rich(cellText)}</th>` : `<td${attr(columns[i])}>${rich(cellText)}</td>`)).join("")}</tr>`,
    )
    .join("");
  return [
    `<div class="table-wrap${wide ? " wide" : ""}" role="region" aria-label="${e(caption)}" tabindex="0">`,
    `<table${wide ? ' class="ranked"' : ""}>${head}<tbody>${rowsHtml}</tbody></table></div>`,
    note ? `<p class="small muted">${rich(note)}</p>` : "",
  ].join("");
}

function figure(f: ChartFigure, layout: ChartLayout): string {
  return `<figure><figcaption>${rich(f.caption)}</figcaption>${chartSvg(f.chart, layout)}</figure>`;
}

function block(b: Block): string {
  switch (b.type) {
    case "heading": {
      const tag = `h${b.level + 1}`;
      return `<${tag}${b.anchor ? ` id="${b.anchor}-h"` : ""}>${rich(b.text)}</${tag}>`;
    }
    case "paragraph":
      return b.tone === "muted" ? `<p class="small muted">${rich(b.text)}</p>` : `<p class="text">${rich(b.text)}</p>`;
    case "note":
      return `<p class="${b.tone === "warning" ? "banner" : "note"}" role="note">${rich(b.text)}</p>`;
    case "list": {
      const tag = b.ordered ? "ol" : "ul";
      const items = b.items.map(
        (item) =>
          `<li>${rich(item.text)}${item.sub?.length ? `<ul>${item.sub.map((x) => `<li>${rich(x)}</li>`).join("")}</ul>` : ""}</li>`,
      );
      return `<${tag}>${items.join("")}</${tag}>`;
    }
    case "facts":
      return `<dl class="meta">${b.items.map((f) => `<dt>${e(f.label)}</dt><dd>${rich(f.value)}</dd>`).join("")}</dl>`;
    case "figures":
      return `<ul class="figures">${b.items.map((f) => `<li><strong>${e(f.value)}</strong><span>${e(f.label)}</span></li>`).join("")}</ul>`;
    case "table":
      return table(b.columns, b.rows, b.caption, b.note);
    case "charts":
      return b.layout === "single"
        ? b.figures
            .map((f) => `<figure class="chart"><figcaption>${rich(f.caption)}</figcaption>${chartSvg(f.chart)}</figure>`)
            .join("")
        : `${b.title ? `<p class="charts-title">${e(b.title)}</p>` : ""}<div class="charts">${b.figures.map((f) => figure(f, GRID_CHART)).join("")}</div>`;
  }
}

/** The body's sections, each a <section> from its level-1 heading to the next. */
function sections(blocks: readonly Block[]): string {
  const out: string[] = [];
  let open = false;
  for (const b of blocks) {
    if (b.type === "heading" && b.level === 1) {
      if (open) out.push("</section>");
      out.push(`<section${b.anchor ? ` id="${b.anchor}" aria-labelledby="${b.anchor}-h"` : ""}>`);
      open = true;
    }
    out.push(block(b));
  }
  if (open) out.push("</section>");
  return out.join("");
}

/** The report as one self-contained, printable HTML5 document: the document's blocks, in order. */
export function renderHtml(doc: ReportDocument): string {
  const toc = doc.body.flatMap((b) =>
    b.type === "heading" && b.level === 1 && b.anchor ? [`<li><a href="#${b.anchor}">${rich(b.text)}</a></li>`] : [],
  );
  const pageCounter = doc.pageLabel
    .map((part) => ("field" in part ? `counter(${part.field === "page" ? "page" : "pages"})` : JSON.stringify(part.text)))
    .join(" ");
  return [
    "<!doctype html>",
    `<html lang="${doc.language}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light">',
    `<title>${e(doc.runningTitle)}</title>`,
    `<style>${style(pageCounter.replace(/</g, "\\3c "))}</style>`,
    "</head>",
    "<body>",
    '<div class="page">',
    `<header id="title" class="doc-header">`,
    `<div class="helix-band" aria-hidden="true">${HELICES.map((h) => `<span class="chip-${h}"></span>`).join("")}</div>`,
    `<p class="eyebrow">${e(doc.kicker)}</p>`,
    `<h1>${e(doc.title)}</h1>`,
    doc.front.map(block).join(""),
    "</header>",
    `<nav class="toc" aria-labelledby="toc-title"><p class="toc-title" id="toc-title">${e(doc.contentsTitle)}</p><ol>${toc.join("")}</ol></nav>`,
    "<main>",
    sections(doc.body),
    "</main>",
    `<footer class="doc-footer"><p>${e(doc.footer)}</p></footer>`,
    "</div>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
