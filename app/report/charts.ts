import { HELICES } from "../domain/helix";
import type { RankedEntry } from "../domain/report";

/**
 * The report's charts as data (made with their words by document.ts): horizontal bars, one per
 * helix, drawn by each format its own way
 * (inline SVG in HTML, vector shapes in the PDF, a PNG of the same SVG in DOCX). A bar whose value
 * is null is an absent helix: drawn as "absent", never as zero.
 */
export type BarChart = {
  title: string;
  /** The largest value the axis shows (at least 1, so an empty chart still has a scale). */
  max: number;
  bars: { label: string; value: number | null; valueLabel: string; colour: string }[];
};

/** One scale for all items of a list, so bars compare across items. */
export function supportScale(items: readonly RankedEntry[]): number {
  return Math.max(1, ...items.flatMap((i) => HELICES.map((h) => i.metrics.support[h] ?? 0)));
}

/**
 * Per-item charts are drawn for the top items of each ranked list, and in the solutions section
 * only under the top challenges: a national event has thousands of items, and the tables list
 * every one of them. Every format follows the same limits.
 */
export const CHARTS_PER_LIST = 10;
export const CHARTED_SOLUTION_GROUPS = 10;

/** Characters XML 1.0 does not allow (controls, U+FFFE/U+FFFF, lone surrogates): dropped, never passed on. */
const NOT_XML = /[^\P{Cc}\t\n\r]|\p{Cs}|[\uFFFE\uFFFF]/gu;

const escapeXml = (text: string) =>
  text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

export type ChartLayout = { width: number; labelWidth: number; valueWidth: number; barHeight: number; gap: number };
export const CHART_LAYOUT: ChartLayout = { width: 480, labelWidth: 110, valueWidth: 80, barHeight: 18, gap: 8 };

/** Height a chart takes with the given layout (no title: the formats print the title as text). */
export function chartHeight(chart: BarChart, layout: ChartLayout = CHART_LAYOUT): number {
  return chart.bars.length * (layout.barHeight + layout.gap) + layout.gap;
}

/**
 * The chart as a standalone SVG document: labels, bars in helix colours and values, with a
 * `<title>` for screen readers. Text is XML-escaped, so titles stay text.
 */
export function chartSvg(chart: BarChart, layout: ChartLayout = CHART_LAYOUT): string {
  const { width, valueWidth, barHeight, gap } = layout;
  // Room for the longest helix name of the report's language (≈ 0.6 em a letter at 12 px), never cut.
  const longest = Math.max(...chart.bars.map((b) => b.label.length));
  const labelWidth = Math.max(layout.labelWidth, Math.min(width * 0.45, Math.ceil(longest * 7.2) + 12));
  const height = chartHeight(chart, layout);
  const track = width - labelWidth - valueWidth;
  const rows = chart.bars.map((bar, i) => {
    const y = gap + i * (barHeight + gap);
    const length = bar.value === null ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / chart.max) * track);
    const textY = y + barHeight * 0.72;
    return [
      `<text x="${labelWidth - 8}" y="${textY}" text-anchor="end" font-size="12" fill="#212529">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${track}" height="${barHeight}" fill="#f1f3f5"/>`,
      bar.value === null
        ? ""
        : `<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${bar.colour}"/>`,
      `<text x="${labelWidth + track + 8}" y="${textY}" font-size="12" fill="#212529"${bar.value === null ? ' font-style="italic"' : ""}>${escapeXml(bar.valueLabel)}</text>`,
    ].join("");
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="DejaVu Sans, Helvetica, Arial, sans-serif"><title>${escapeXml(chart.title)}</title>${rows.join("")}</svg>`;
}
