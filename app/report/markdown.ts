import type { Block, ReportDocument, Rich } from "./document";

/**
 * Text a participant typed, made inert in Markdown: the characters Markdown (or HTML inside it)
 * reads as syntax anywhere are escaped, and those that only count at the start of a line (`#`,
 * `-`, `+`, `>`, `1.`, `1)`) are escaped there; so `**bold**` and `<script>` show as typed. Every
 * line break (CR, LF or both) becomes a space, so typed text cannot start a heading or a list.
 * (GFM viewers still turn a typed web address into a link, as they do in any text; `javascript:`
 * never becomes one.)
 */
export function escapeMarkdown(text: string): string {
  return lineStart(escapeInline(text));
}

/** Escapes what Markdown reads as syntax anywhere in a line. */
const escapeInline = (text: string) =>
  text
    .replace(/\r\n?|\n/g, " ")
    .replace(/[\\`*_{}[\]|~!]/g, (ch) => `\\${ch}`)
    .replace(/</g, "&lt;");

/** Escapes what Markdown reads as syntax at the start of a line only. */
const lineStart = (text: string) => text.replace(/^([#+\->])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");

/** Spans as Markdown: escaped text, strong and emphasis marks around the trimmed words. */
function inline(text: Rich): string {
  const joined = text
    .map((span) => {
      const escaped = escapeInline(span.text);
      const mark = span.strong ? "**" : span.emphasis ? "_" : "";
      if (!mark || !escaped.trim()) return escaped;
      const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/.exec(escaped) as RegExpExecArray;
      return `${lead}${mark}${core}${mark}${trail}`;
    })
    .join("");
  return lineStart(joined);
}

/** A table cell: escaped for a line inside the table (a `#` or `1.` there is plain text). */
const cell = (text: Rich) =>
  inline(text)
    .replace(/^\\([#+\->])/, "$1")
    .replace(/^(\d+)\\([.)])/, "$1$2") || " ";

function block(b: Block): string[] {
  switch (b.type) {
    case "heading":
      return [`${"#".repeat(b.level + 1)} ${inline(b.text)}`, ""];
    case "paragraph":
      return [inline(b.text), ""];
    case "note": {
      const plain = b.text.map((span) => span.text).join("");
      if (!plain.includes("\n")) return [`> ${inline(b.text)}`, ""];
      return [
        plain
          .split("\n")
          .map((line) => `> ${escapeMarkdown(line)}`)
          .join("\n>\n"),
        "",
      ];
    }
    case "list":
      return [
        ...b.items.flatMap((item, i) => [
          `${b.ordered ? `${i + 1}.` : "-"} ${inline(item.text)}`,
          ...(item.sub ?? []).map((sub) => `  - ${inline(sub)}`),
        ]),
        "",
      ];
    case "facts":
      return [...b.items.map((fact) => `- **${escapeMarkdown(fact.label)}:** ${inline(fact.value)}`), ""];
    case "figures":
      return [];
    case "table":
      return [
        `| ${b.columns.map((c) => escapeInline(c.header)).join(" | ")} |`,
        `| ${b.columns.map((c) => (c.align === "right" ? "---:" : "---")).join(" | ")} |`,
        ...b.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
        "",
        ...(b.note ? [inline(b.note), ""] : []),
      ];
    case "charts":
      // Markdown has no charts: their figures are in the tables.
      return [];
  }
}

/** The report in GitHub-flavoured Markdown: the document's blocks, in order. */
export function renderMarkdown(doc: ReportDocument): string {
  const out = [`# ${escapeMarkdown(doc.title)}`, "", `_${escapeMarkdown(doc.kicker)}_`, ""];
  for (const b of [...doc.front, ...doc.body]) out.push(...block(b));
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
