import { createRequire } from "node:module";
import path from "node:path";

/**
 * The DejaVu Sans files every format that draws text itself uses (PDF, the PNG charts of DOCX), from
 * the `dejavu-fonts-ttf` package, never the system's fonts: the same glyphs on every machine, and
 * the Hungarian ő and ű. Found through the package, so it works from source, under tsx and in a
 * worker thread.
 */
export type FontName = "regular" | "bold" | "italic";

let files: Record<FontName, string> | undefined;
export function reportFonts(): Record<FontName, string> {
  if (!files) {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
    files = {
      regular: path.join(dir, "DejaVuSans.ttf"),
      bold: path.join(dir, "DejaVuSans-Bold.ttf"),
      italic: path.join(dir, "DejaVuSans-Oblique.ttf"),
    };
  }
  return files;
}
