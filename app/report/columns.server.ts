import PDFDocument from "pdfkit";
import type { Column, Rich } from "./document";
import { type FontName, reportFonts } from "./fonts.server";

/**
 * Column widths from content, for the formats that lay tables out on a page (PDF, DOCX): a header
 * or a label is never split inside a word. Text is measured with the PDF's font (DejaVu Sans, wider
 * than the Calibri of the DOCX and its metric twin Carlito, so a width that holds it holds them).
 */

let measurer: PDFKit.PDFDocument | null = null;
const cache = new Map<string, number>();

/** The width in points of `text` in the report's font. */
export function textWidth(text: string, font: FontName, size: number): number {
  const key = `${font}\u0000${size}\u0000${text}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  measurer ??= new PDFDocument({ autoFirstPage: false });
  const width = measurer.font(reportFonts()[font]).fontSize(size).widthOfString(text);
  if (cache.size < 50_000) cache.set(key, width);
  return width;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const widestWord = (text: string, font: FontName, size: number) =>
  Math.max(0, ...words(text).map((w) => textWidth(w, font, size)));

export type TableMetrics = {
  /** Font size of the header row and of the cells, in points. */
  headerSize: number;
  cellSize: number;
  /** Horizontal padding inside a cell, each side, in points. */
  padding: number;
  /** The narrowest a wrapping (text) column may become before headers are shortened. */
  minText: number;
};

export type ColumnLayout = { widths: number[]; headers: string[]; shortened: boolean };

/**
 * Widths (points) for `columns` across `available`: a column sized to content (`fit`) is as wide as
 * its widest header word and its widest cell word; the text columns share the rest. When that
 * leaves the text columns too narrow, the headers that have a short form use it.
 */
export function layoutColumns(
  columns: readonly Column[],
  rows: readonly Rich[][],
  available: number,
  m: TableMetrics,
): ColumnLayout {
  const attempt = (short: boolean) => {
    const headers = columns.map((c) => (short && c.short ? c.short : c.header));
    const minimum = columns.map((c, i) => {
      let widest = widestWord(headers[i], "bold", m.headerSize);
      if (c.fit)
        for (const row of rows)
          for (const span of row[i] ?? [])
            widest = Math.max(widest, widestWord(span.text, span.strong ? "bold" : "regular", m.cellSize));
      return Math.ceil(widest + 2 * m.padding + 1);
    });
    const fixed = columns.reduce((sum, c, i) => sum + (c.fit ? minimum[i] : 0), 0);
    const flexible = columns.filter((c) => !c.fit).length;
    const share = flexible ? (available - fixed) / flexible : 0;
    return { headers, minimum, share, fixed, flexible };
  };
  let chosen = attempt(false);
  let shortened = false;
  if (chosen.flexible && chosen.share < m.minText && columns.some((c) => c.short)) {
    chosen = attempt(true);
    shortened = true;
  }
  const { headers, minimum, share, fixed, flexible } = chosen;
  let widths = columns.map((c, i) => (c.fit ? minimum[i] : Math.max(minimum[i], share)));
  if (!flexible && fixed < available) widths = widths.map((w) => (w * available) / fixed);
  return { widths, headers, shortened };
}
