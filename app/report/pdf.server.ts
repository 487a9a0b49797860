import PDFDocument from "pdfkit";
import { HELICES, HELIX_COLORS } from "../domain/helix";
import { type BarChart, CHART_LAYOUT, type ChartLayout, chartHeight } from "./charts";
import { layoutColumns } from "./columns.server";
import type { Block, ChartFigure, ReportDocument, Rich } from "./document";
import { type FontName, reportFonts } from "./fonts.server";

/**
 * The report as a PDF, drawn in-process with pdfkit (no browser): A4, DejaVu Sans embedded (so
 * ő, ű, ė and č print), the document's blocks laid out in order (no sentence is written here), tables and bar charts
 * as vector shapes, "Page n of N" and the workshop title in every footer, an outline of the
 * sections.
 *
 * Lines are broken here, not by pdfkit: every piece of text is drawn as one line at a position
 * we chose (so pdfkit never adds a page on its own, and a table row is measured once). Pages are
 * written out as soon as they are full (no page buffer: memory stays flat for a workshop of
 * thousands of contributions); the "N" of "Page n of N" is a small form drawn on every page and
 * filled in when the last page is known. Both lean on two pdfkit internals, the current font's
 * encode() and ref() (what its own text drawing calls): see `run()` and `finish()`.
 *
 * Big workshops: the tables list every item; per-item support charts are drawn for the top
 * CHARTS_PER_LIST of each list, in the solutions section for the top CHARTED_SOLUTION_GROUPS challenges.
 *
 * User text is only ever drawn as text: never a link, never an action. The document info carries
 * the generation time, so the same model gives the same bytes.
 */

type Doc = PDFKit.PDFDocument;

const MARGIN = 56;
const FOOTER_GAP = 18;
const FOOTER_SIZE = 8;
const INK = "#212529";
const MUTED = "#5c636a";
const RULE = "#dee2e6";
const HEADER_FILL = "#e9ecef";
const ZEBRA_FILL = "#f8f9fa";
const TRACK_FILL = "#f1f3f5";
const NOTE_FILL = "#fff4e6";
const NOTE_RULE = "#c2410c";
const SMALL_CHART: ChartLayout = { width: 234, labelWidth: 70, valueWidth: 46, barHeight: 9, gap: 4 };

/** Text a participant typed, kept as typed but without control characters (line breaks kept in bodies). */
const clean = (text: string) => text.replace(/\r\n?/g, "\n").replace(/[^\P{Cc}\n]/gu, " ");
const oneLine = (text: string) => clean(text).replace(/\s*\n\s*/g, " ");

const num = (n: number) => String(Math.round(n * 100) / 100);

/** What pdfkit keeps of the current embedded font (the same calls its own text drawing makes). */
type PdfkitFont = { id: string; ascender: number; encode(text: string): [string[], unknown]; ref(): unknown };
type GlyphPosition = { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number };
type PdfkitRef = { data: Record<string, unknown>; write(chunk: string): void; end(): void };

type Cell = { text: string; font?: FontName; size?: number; color?: string; swatch?: string };
type Column = { header: string; width?: number; align?: "left" | "right"; wrap?: boolean; headerColor?: string };
type TextOptions = { font?: FontName; size?: number; color?: string; indent?: number; gap?: number; lineGap?: number };

class Writer {
  readonly doc: Doc;
  readonly left = MARGIN;
  readonly width: number;
  readonly bottom: number;
  y = MARGIN;
  private page = 1;
  private readonly footerTitle: string;
  private readonly pageLabel: ReportDocument["pageLabel"];
  private readonly total: PdfkitRef;
  private readonly lineHeights = new Map<string, number>();
  // The fill colour and font last set, so the content stream is not filled with repeats.
  private colour: string | null = null;
  private font: string | null = null;

  constructor(doc: Doc, footerTitle: string, pageLabel: ReportDocument["pageLabel"]) {
    this.doc = doc;
    this.pageLabel = pageLabel;
    this.width = doc.page.width - 2 * MARGIN;
    this.bottom = doc.page.height - MARGIN;
    this.footerTitle = footerTitle;
    this.total = doc.ref({ Type: "XObject", Subtype: "Form", BBox: [0, -4, 120, 12] }) as unknown as PdfkitRef;
  }

  /** Font and size for what comes next (drawing or measuring); colours are set where something is drawn. */
  use(font: FontName, size: number) {
    const file = reportFonts()[font];
    if (file !== this.font) {
      this.doc.font(file);
      this.font = file;
    }
    this.doc.fontSize(size);
  }

  fill(colour: string) {
    if (colour !== this.colour) {
      this.doc.fillColor(colour);
      this.colour = colour;
    }
  }

  box(x: number, y: number, width: number, height: number, colour: string) {
    this.fill(colour);
    this.doc.rect(x, y, width, height).fill();
  }

  /** Height of one line of the font, without the extra gap between lines. */
  lineHeight(font: FontName, size: number) {
    const key = `${font}:${size}`;
    let h = this.lineHeights.get(key);
    if (h === undefined) {
      this.use(font, size);
      h = this.doc.currentLineHeight(true);
      this.lineHeights.set(key, h);
    }
    return h;
  }

  /** Widths already measured, by font and size (words repeat a lot: measuring is most of the layout work). */
  private readonly widthCache = new Map<string, Map<string, number>>();

  private widthsOf(font: FontName, size: number) {
    const key = `${font}:${size}`;
    let widths = this.widthCache.get(key);
    if (!widths) {
      widths = new Map();
      this.widthCache.set(key, widths);
    }
    return widths;
  }

  private measure(widths: Map<string, number>, text: string) {
    let width = widths.get(text);
    if (width === undefined) {
      width = this.doc.widthOfString(text);
      if (text.length <= 32) widths.set(text, width);
    }
    return width;
  }

  textWidth(text: string, font: FontName, size: number) {
    this.use(font, size);
    return this.measure(this.widthsOf(font, size), text);
  }

  /** Text runs already encoded (glyph ids and kerning), by font; only short, repeating strings are kept. */
  private readonly runs = new Map<string, string | null>();

  /**
   * The TJ operand for `text` in the current font: glyph ids in hex with kerning, exactly as pdfkit
   * writes them (its encode() also adds the glyphs to the embedded subset and its ToUnicode map).
   * null when a glyph is positioned off the line (combining marks): pdfkit draws those itself.
   */
  private run(font: PdfkitFont, key: string, text: string): string | null {
    let run = this.runs.get(key);
    if (run !== undefined) return run;
    const [glyphs, positions] = font.encode(text) as [string[], GlyphPosition[]];
    let hex = "";
    run = "";
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i];
      if (pos.xOffset || pos.yOffset) {
        run = null;
        break;
      }
      hex += glyphs[i];
      const kern = pos.xAdvance - pos.advanceWidth;
      if (kern !== 0) {
        run += `<${hex}> ${num(-kern)} `;
        hex = "";
      }
    }
    if (run !== null && hex) run += `<${hex}>`;
    if (text.length <= 32) this.runs.set(key, run);
    return run;
  }

  /** A column wide enough for the widest of `texts` on one line (table cells have 4pt padding each side). */
  columnWidth(texts: string[], min: number, font: FontName = "regular", size = 8.5) {
    let widest = 0;
    for (const text of texts) widest = Math.max(widest, this.textWidth(text, font, size));
    return Math.max(min, Math.ceil(widest + 9));
  }

  /**
   * One line of text at a position (top of the line, as pdfkit places text): never wrapped, never
   * moved to another page. Written as one text object rather than through doc.text(), which
   * re-measures and re-encodes every line: for a report of thousands of rows that was most of the time.
   */
  at(text: string, x: number, y: number, font: FontName, size: number, colour = INK) {
    if (!text) return;
    this.use(font, size);
    this.fill(colour);
    const pdfFont = (this.doc as unknown as { _font: PdfkitFont })._font;
    const run = this.run(pdfFont, `${font}\u0000${text}`, text);
    if (run === null) {
      this.doc.text(text, x, y, { lineBreak: false });
      return;
    }
    const fontsOnPage = (this.doc.page as unknown as { fonts: Record<string, unknown> }).fonts;
    if (fontsOnPage[pdfFont.id] == null) fontsOnPage[pdfFont.id] = pdfFont.ref();
    // pdfkit's page space runs top-down; the text matrix flips the glyphs back upright.
    const baseline = y + (pdfFont.ascender / 1000) * size;
    this.doc.addContent(`BT /${pdfFont.id} ${num(size)} Tf 1 0 0 -1 ${num(x)} ${num(baseline)} Tm [${run}] TJ ET`);
  }

  /** The longest prefix of `word` (at least one character) that fits `width`, preferring a break after - or /. */
  private cut(word: string, width: number) {
    let lo = 1;
    let hi = word.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.doc.widthOfString(word.slice(0, mid)) <= width) lo = mid;
      else hi = mid - 1;
    }
    const soft = Math.max(word.lastIndexOf("-", lo - 1), word.lastIndexOf("/", lo - 1));
    return soft > 0 ? soft + 1 : lo;
  }

  /** Text broken into lines that fit `width` (at spaces; a word longer than a line is cut). */
  wrap(text: string, font: FontName, size: number, width: number): string[] {
    this.use(font, size);
    const widths = this.widthsOf(font, size);
    const space = this.measure(widths, " ");
    const out: string[] = [];
    for (const paragraph of text.split("\n")) {
      let line = "";
      let lineWidth = 0;
      for (let word of paragraph.split(" ")) {
        if (!word) continue;
        let wordWidth = this.measure(widths, word);
        if (line && lineWidth + space + wordWidth <= width) {
          line += ` ${word}`;
          lineWidth += space + wordWidth;
          continue;
        }
        if (line) out.push(line);
        while (wordWidth > width && word.length > 1) {
          const n = this.cut(word, width);
          out.push(word.slice(0, n));
          word = word.slice(n);
          wordWidth = this.doc.widthOfString(word);
        }
        line = word;
        lineWidth = wordWidth;
      }
      out.push(line);
    }
    return out;
  }

  /** Cut to fit `width` on one line, with an ellipsis. */
  fit(text: string, width: number, font: FontName, size: number) {
    this.use(font, size);
    if (this.doc.widthOfString(text) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  }

  /** At most `max` lines, the last one ending in an ellipsis when some were left out. */
  clip(lines: string[], max: number, width: number, font: FontName, size: number) {
    if (lines.length <= max) return lines;
    const kept = lines.slice(0, Math.max(1, max));
    kept[kept.length - 1] = this.fit(`${kept[kept.length - 1]}…`, width, font, size);
    return kept;
  }

  /** Room for `height` on this page, or a new page. */
  ensure(height: number) {
    if (this.y + height > this.bottom) this.newPage();
  }

  newPage() {
    this.footer();
    this.doc.addPage();
    this.page += 1;
    this.colour = null; // a new page starts with the default graphics state
    this.y = MARGIN;
  }

  space(points: number) {
    if (this.y + points > this.bottom) this.newPage();
    else this.y += points;
  }

  /** Wrapped text from the left margin (or `indent`), flowing onto new pages as needed. */
  paragraph(text: string, options: TextOptions = {}) {
    const { font = "regular", size = 10, color = INK, indent = 0, gap = 6, lineGap = 2 } = options;
    const step = this.lineHeight(font, size) + lineGap;
    for (const line of this.wrap(text, font, size, this.width - indent)) {
      this.ensure(step - lineGap);
      this.at(line, this.left + indent, this.y, font, size, color);
      this.y += step;
    }
    this.y += gap - lineGap;
  }

  /** A label in the left column and wrapped text beside it. */
  fact(label: string, value: string, size = 10, labelWidth = 90) {
    this.ensure(this.lineHeight("regular", size));
    this.at(label, this.left, this.y + (size - 9) / 2, "bold", 9, MUTED);
    this.paragraph(value, { size, indent: labelWidth, gap: 3 });
  }

  heading(text: string, level: 1 | 2 | 3 | 4, outline?: string) {
    const size = [16, 12.5, 10.5, 10][level - 1];
    const before = [18, 10, 6, 5][level - 1];
    const lines = this.wrap(text, "bold", size, this.width);
    const step = this.lineHeight("bold", size) + 1;
    if (this.y > MARGIN) this.space(before);
    // Keep the heading with what follows it.
    this.ensure(lines.length * step + 60);
    if (outline !== undefined) {
      // An XYZ destination at the heading (pdfkit subtracts `left` from the page width).
      this.doc.outline.addItem(outline, { top: this.y - 6, left: this.doc.page.width } as never);
    }
    for (const line of lines) {
      this.at(line, this.left, this.y, "bold", size);
      this.y += step;
    }
    this.y += level === 1 ? 3 : 4;
    if (level === 1) {
      this.box(this.left, this.y, this.width, 0.8, RULE);
      this.y += 9;
    }
  }

  bullets(items: string[], { numbered = false, size = 10 } = {}) {
    for (const [i, item] of items.entries()) {
      this.ensure(this.lineHeight("regular", size));
      this.at(numbered ? `${i + 1}.` : "•", this.left + 2, this.y, numbered ? "bold" : "regular", size, MUTED);
      this.paragraph(item, { size, indent: 16, gap: 3 });
    }
    this.y += 3;
  }

  /** A shaded note with a coloured rule on its left. */
  callout(text: string, fill = NOTE_FILL, rule = NOTE_RULE) {
    const pad = 8;
    const size = 9.5;
    const step = this.lineHeight("regular", size) + 2;
    const lines = this.wrap(text, "regular", size, this.width - 2 * pad - 3);
    const height = lines.length * step - 2 + 2 * pad;
    this.ensure(height + 4);
    const y = this.y;
    this.box(this.left, y, this.width, height, fill);
    this.box(this.left, y, 3, height, rule);
    for (const [i, line] of lines.entries()) this.at(line, this.left + pad + 3, y + pad + i * step, "regular", size);
    this.y = y + height + 10;
  }

  /**
   * A table: shaded header row (repeated after a page break), zebra rows, each row measured
   * once and moved whole to the next page when it does not fit. A cell taller than a whole page
   * is cut with an ellipsis.
   */
  table(columns: Column[], rows: Cell[][], { x = this.left, width = this.width, size = 8.5 } = {}) {
    const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
    const flex = columns.filter((c) => c.width === undefined).length;
    const widths = columns.map((c) => c.width ?? (width - fixed) / Math.max(1, flex));
    const padX = 4;
    const padY = 3.5;
    const lineGap = 1;
    // Headers a size smaller and with less padding, so a helix name fits a number column.
    const headerSize = size - 1.5;
    const headerPad = 2.5;
    const headerStep = this.lineHeight("bold", headerSize) + lineGap;
    const headers = columns.map((c, i) => this.wrap(c.header, "bold", headerSize, widths[i] - padX - headerPad));
    const headerHeight = Math.max(...headers.map((h) => h.length)) * headerStep - lineGap + 2 * padY;
    const drawHeader = () => {
      const y = this.y;
      this.box(x, y, width, headerHeight, HEADER_FILL);
      let cx = x;
      for (const [i, c] of columns.entries()) {
        for (const [j, line] of headers[i].entries()) {
          const lx = c.align === "right" ? cx + widths[i] - padX - this.textWidth(line, "bold", headerSize) : cx + padX;
          this.at(line, lx, y + padY + j * headerStep, "bold", headerSize, c.headerColor ?? INK);
        }
        cx += widths[i];
      }
      this.y = y + headerHeight;
    };

    const pageRoom = this.bottom - MARGIN - headerHeight;
    const layout = (row: Cell[]) => {
      let height = 0;
      const cells = row.map((cell, i) => {
        const font = cell.font ?? "regular";
        const cellSize = cell.size ?? size;
        const inner = widths[i] - 2 * padX - (cell.swatch ? 10 : 0);
        const step = this.lineHeight(font, cellSize) + lineGap;
        let lines =
          columns[i].wrap || this.textWidth(cell.text, font, cellSize) > inner
            ? this.wrap(cell.text, font, cellSize, inner)
            : [cell.text];
        const max = Math.floor((pageRoom - 2 * padY + lineGap) / step);
        lines = this.clip(lines, max, inner, font, cellSize);
        height = Math.max(height, lines.length * step - lineGap);
        return { lines, font, size: cellSize, step, inner };
      });
      return { cells, height: height + 2 * padY };
    };

    let laid = rows.length ? layout(rows[0]) : null;
    this.ensure(headerHeight + (laid?.height ?? 0));
    drawHeader();
    for (const [r, row] of rows.entries()) {
      const { cells, height } = laid ?? layout(row);
      laid = null;
      if (this.y + height > this.bottom) {
        this.box(x, this.y, width, 0.6, RULE);
        this.newPage();
        drawHeader();
      }
      const y = this.y;
      if (r % 2 === 1) this.box(x, y, width, height, ZEBRA_FILL);
      let cx = x;
      for (const [i, cell] of cells.entries()) {
        const source = row[i];
        let tx = cx + padX;
        if (source.swatch) {
          this.box(tx, y + padY + (cell.step - lineGap - 7) / 2, 7, 7, source.swatch);
          tx += 10;
        }
        for (const [j, line] of cell.lines.entries()) {
          const lx = columns[i].align === "right" ? tx + cell.inner - this.textWidth(line, cell.font, cell.size) : tx;
          this.at(line, lx, y + padY + j * cell.step, cell.font, cell.size, source.color ?? INK);
        }
        cx += widths[i];
      }
      this.y = y + height;
    }
    this.box(x, this.y, width, 0.6, RULE);
    this.y += 10;
  }

  /** A bar chart from its spec: label, grey track, bar in the helix colour, value ("absent" in italic, no bar). */
  chart(chart: BarChart, x: number, y: number, layout: ChartLayout, size: number) {
    const { width, valueWidth, barHeight, gap } = layout;
    // Room for the longest helix name of the report's language, up to almost half the chart.
    const widest = Math.max(...chart.bars.map((b) => this.textWidth(b.label, "regular", size)));
    const labelWidth = Math.max(layout.labelWidth, Math.min(width * 0.45, Math.ceil(widest) + 10));
    const track = width - labelWidth - valueWidth;
    const textOffset = (barHeight - this.lineHeight("regular", size)) / 2 + 0.5;
    for (const [i, bar] of chart.bars.entries()) {
      const by = y + gap + i * (barHeight + gap);
      const label = this.fit(bar.label, labelWidth - 8, "regular", size);
      this.at(label, x + labelWidth - 6 - this.textWidth(label, "regular", size), by + textOffset, "regular", size);
      this.box(x + labelWidth, by, track, barHeight, TRACK_FILL);
      if (bar.value !== null) {
        const length = Math.min(track, Math.max(bar.value > 0 ? 2 : 0, (bar.value / chart.max) * track));
        if (length > 0) this.box(x + labelWidth, by, length, barHeight, bar.colour);
      }
      const font = bar.value === null ? "italic" : "regular";
      this.at(
        this.fit(bar.valueLabel, valueWidth - 8, font, size),
        x + labelWidth + track + 6,
        by + textOffset,
        font,
        size,
        bar.value === null ? MUTED : INK,
      );
    }
  }

  /** Small charts two per row, each under its caption, with the list's title above them. */
  chartGrid(title: string | undefined, figures: readonly ChartFigure[]) {
    if (!figures.length) return;
    const captionSize = 8;
    const captionStep = this.lineHeight("bold", captionSize) + 1;
    const captionHeight = 2 * captionStep;
    const cellHeight = captionHeight + 2 + chartHeight(figures[0].chart, SMALL_CHART) + 8;
    const columnGap = this.width - 2 * SMALL_CHART.width;
    this.ensure(this.lineHeight("bold", 9) + 4 + cellHeight);
    if (title) this.paragraph(title, { font: "bold", size: 9, color: MUTED, gap: 4 });
    for (let i = 0; i < figures.length; i += 2) {
      this.ensure(cellHeight);
      const y = this.y;
      for (const [j, figure] of figures.slice(i, i + 2).entries()) {
        const x = this.left + j * (SMALL_CHART.width + columnGap);
        const caption = this.wrap(plain(figure.caption), "bold", captionSize, SMALL_CHART.width);
        for (const [k, line] of this.clip(caption, 2, SMALL_CHART.width, "bold", captionSize).entries())
          this.at(line, x, y + k * captionStep, "bold", captionSize);
        this.chart(figure.chart, x, y + captionHeight + 2 - SMALL_CHART.gap, SMALL_CHART, 7.5);
      }
      this.y = y + cellHeight;
    }
    this.y += 4;
  }

  /** The footer of the current page: the workshop title and "Page n of N" (N drawn by a form filled in at the end). */
  private footer() {
    const y = this.doc.page.height - MARGIN + FOOTER_GAP;
    this.box(this.left, y - 6, this.width, 0.5, RULE);
    let x = this.left;
    for (const part of this.pageLabel) {
      if ("text" in part || part.field === "page") {
        const text = "text" in part ? part.text : String(this.page);
        this.at(text, x, y, "regular", FOOTER_SIZE, MUTED);
        x += this.textWidth(text, "regular", FOOTER_SIZE);
        continue;
      }
      const font = (this.doc as unknown as { _font: PdfkitFont })._font;
      this.use("regular", FOOTER_SIZE);
      const baseline = y + (font.ascender / 1000) * FOOTER_SIZE;
      (this.doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects.PageTotal = this.total;
      this.doc.addContent(`q 1 0 0 -1 ${x.toFixed(2)} ${baseline.toFixed(2)} cm /PageTotal Do Q`);
      // The total is known only at the end: room for four digits.
      x += this.textWidth("0000", "regular", FOOTER_SIZE);
    }
    const labelWidth = x - this.left;
    const title = this.fit(this.footerTitle, this.width - labelWidth - 60, "regular", FOOTER_SIZE);
    this.at(title, this.left + this.width - this.textWidth(title, "regular", FOOTER_SIZE), y, "regular", FOOTER_SIZE, MUTED);
  }

  /** The last footer, and the page count into the form every footer shows. */
  finish() {
    this.footer();
    this.use("regular", FOOTER_SIZE);
    const font = (this.doc as unknown as { _font: PdfkitFont })._font;
    const [glyphs] = font.encode(String(this.page));
    this.total.data.Resources = { Font: { [font.id]: font.ref() } };
    this.total.write(`BT /${font.id} ${FOOTER_SIZE} Tf 0 0 Td <${glyphs.join("")}> Tj ET`);
    this.total.end();
  }
}

/** A run of spans as one piece of text (the PDF draws a paragraph in one font). */
const plain = (text: Rich) => oneLine(text.map((x) => x.text).join(""));
const fontOf = (text: Rich): FontName =>
  text.length && text.every((x) => x.strong || !x.text.trim())
    ? "bold"
    : text.length && text.every((x) => x.emphasis)
      ? "italic"
      : "regular";
const colourOf = (text: Rich) => {
  const helices = text.filter((x) => x.helix);
  if (helices.length === 1 && text.length === 1) return HELIX_COLORS[helices[0].helix as keyof typeof HELIX_COLORS];
  return text.length && text.every((x) => x.muted || !x.text.trim()) ? MUTED : INK;
};

const TABLE_SIZE = 8.5;

function drawTable(w: Writer, b: Extract<Block, { type: "table" }>, width = w.width, x = w.left) {
  const layout = layoutColumns(b.columns, b.rows, width, {
    headerSize: TABLE_SIZE - 1.5,
    cellSize: TABLE_SIZE,
    padding: 4,
    minText: 150,
  });
  w.table(
    b.columns.map((c, i) => ({
      header: layout.headers[i],
      width: layout.widths[i],
      align: c.align,
      wrap: !c.fit,
      headerColor: c.helix ? HELIX_COLORS[c.helix] : undefined,
    })),
    b.rows.map((row) =>
      row.map((cell) => ({
        text: plain(cell),
        font: fontOf(cell),
        color: colourOf(cell),
        swatch: cell.length === 1 && cell[0].helix && cell[0].strong ? HELIX_COLORS[cell[0].helix] : undefined,
      })),
    ),
    { x, width: layout.widths.reduce((sum, v) => sum + v, 0), size: TABLE_SIZE },
  );
  if (b.note) w.paragraph(plain(b.note), { size: 8, color: MUTED, gap: 8 });
  if (layout.shortened && b.legend) w.paragraph(plain(b.legend), { size: 8, color: MUTED, gap: 8 });
}

function drawChart(w: Writer, figure: ChartFigure) {
  const chart: BarChart = figure.chart;
  const height = chartHeight(chart, CHART_LAYOUT);
  w.ensure(w.lineHeight("bold", 9) + height + 8);
  w.paragraph(plain(figure.caption), { font: "bold", size: 9, color: MUTED, gap: 2 });
  const top = w.y;
  w.chart(chart, w.left, top, CHART_LAYOUT, 9);
  w.y = top + height + 8;
}

function figures(w: Writer, items: { value: string; label: string }[]) {
  const gap = 8;
  const boxWidth = (w.width - gap * (items.length - 1)) / items.length;
  const boxHeight = 44;
  w.ensure(boxHeight + 8);
  const y = w.y;
  for (const [i, { label, value }] of items.entries()) {
    const x = w.left + i * (boxWidth + gap);
    w.box(x, y, boxWidth, boxHeight, ZEBRA_FILL);
    w.box(x, y, boxWidth, 2, HELIX_COLORS[HELICES[i % HELICES.length]]);
    w.at(value, x + 8, y + 8, "bold", 16);
    w.at(w.fit(label, boxWidth - 12, "regular", 8.5), x + 8, y + 28, "regular", 8.5, MUTED);
  }
  w.y = y + boxHeight + 10;
}

function drawBlock(w: Writer, b: Block) {
  switch (b.type) {
    case "heading": {
      const text = plain(b.text);
      w.heading(text, b.level, b.level === 1 ? text : undefined);
      return;
    }
    case "paragraph":
      if (b.tone === "muted")
        w.paragraph(clean(b.text.map((x) => x.text).join("")), { size: 9, color: MUTED, font: fontOf(b.text) });
      else w.paragraph(clean(b.text.map((x) => x.text).join("")), { font: fontOf(b.text) });
      return;
    case "note":
      if (b.tone === "warning") w.callout(clean(b.text.map((x) => x.text).join("")));
      else w.callout(clean(b.text.map((x) => x.text).join("")), "#e7f1fb", "#1864ab");
      return;
    case "list":
      for (const [i, item] of b.items.entries()) {
        const size = b.ordered ? 10 : 9.5;
        w.ensure(w.lineHeight("regular", size));
        w.at(b.ordered ? `${i + 1}.` : "•", w.left + 2, w.y, b.ordered ? "bold" : "regular", size, MUTED);
        w.paragraph(clean(item.text.map((x) => x.text).join("")), { size, indent: 16, gap: 3 });
        for (const sub of item.sub ?? []) w.paragraph(plain(sub), { size: 8.5, color: MUTED, indent: 28, gap: 2 });
      }
      w.y += 3;
      return;
    case "facts": {
      const labelWidth = Math.max(90, ...b.items.map((f) => w.textWidth(f.label, "bold", 9) + 12));
      for (const fact of b.items) w.fact(fact.label, plain(fact.value), 9.5, labelWidth);
      w.y += 4;
      return;
    }
    case "figures":
      figures(w, b.items);
      return;
    case "table":
      drawTable(w, b);
      return;
    case "charts":
      if (b.layout === "single") for (const f of b.figures) drawChart(w, f);
      else w.chartGrid(b.title, b.figures);
      return;
  }
}

/** The report as a PDF document (A4). */
export async function renderPdf(document: ReportDocument): Promise<Buffer> {
  const files = reportFonts();
  const generated = new Date(document.generatedAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    font: files.regular,
    lang: document.language,
    displayTitle: true,
    info: {
      Title: oneLine(document.title),
      Author: oneLine(document.author),
      Subject: oneLine(document.subject),
      Keywords: oneLine(document.keywords),
      Creator: "Helix Review",
      CreationDate: generated,
      ModDate: generated,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const w = new Writer(doc, oneLine(document.title), document.pageLabel);
  const title = oneLine(document.title);
  w.doc.outline.addItem(title, { top: MARGIN, left: w.doc.page.width } as never);
  w.at(document.kicker.toLocaleUpperCase(document.language), w.left, w.y, "bold", 8.5, MUTED);
  w.y += 16;
  w.paragraph(title, { font: "bold", size: 21, gap: 8 });
  const segment = w.width / HELICES.length;
  for (const [i, h] of HELICES.entries()) w.box(w.left + i * segment, w.y, segment, 4, HELIX_COLORS[h]);
  w.y += 14;
  for (const b of document.front) drawBlock(w, b);
  w.y += 6;
  for (const b of document.body) drawBlock(w, b);
  w.finish();
  doc.end();
  return done;
}
