import { z } from "zod";

/**
 * Text as it enters the system (ARCHITECTURE.md, "Limits"): Unicode NFC; control characters other
 * than newline and tab removed (a CR LF or lone CR becomes a newline); bidi override, embedding and
 * isolate characters removed (they let typed text display reversed, spoofing what it says). Every
 * text field's schema goes through `text()` or `lineOfText()`; renderers still escape for their format.
 */
// Control characters (C0, DEL, C1), matched by Unicode class; newline and tab are kept below.
const CONTROL = /\p{Cc}/gu;
// LRE RLE PDF LRO RLO (U+202A–E), LRI RLI FSI PDI (U+2066–9), and the invisible LRM/RLM/ALM marks.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function normalizeText(value: string, options: { multiline: boolean }): string {
  const cleaned = value
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, (ch) => (ch === "\n" || ch === "\t" ? ch : ""))
    .replace(BIDI, "");
  return options.multiline ? cleaned : cleaned.replace(/[\n\t]+/g, " ");
}

type Bounds = { min?: number; max: number };

const bounded = ({ min = 0, max }: Bounds) => {
  const base = z.string().trim();
  return min > 0 ? base.min(min).max(max) : base.max(max);
};

/** A field of one line (a title, a name): line breaks and tabs become spaces. */
export const lineOfText = (bounds: Bounds) =>
  z
    .string()
    .transform((v) => normalizeText(v, { multiline: false }))
    .pipe(bounded(bounds));

/** A field of several lines (a body, a theme): newlines and tabs kept. */
export const text = (bounds: Bounds) =>
  z
    .string()
    .transform((v) => normalizeText(v, { multiline: true }))
    .pipe(bounded(bounds));

/** An optional text: absent, null or empty after normalising is null. */
export const optionalText = (bounds: Bounds & { multiline?: boolean }) =>
  (bounds.multiline ? text(bounds) : lineOfText(bounds)).nullish().transform((v) => (v ? v : null));
