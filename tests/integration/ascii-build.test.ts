import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { asciiSource } from "../../scripts/lib/ascii-source.mjs";

/**
 * The server's bundles are ASCII (scripts/lib/ascii-source.mjs): V8 keeps a module's source in
 * memory one byte a character only when it is all Latin-1, so one "ő" doubled the Remix build's.
 */
describe("the server's bundles as ASCII", () => {
  it("strings, template literals, regular expressions and identifiers keep their meaning; comments lose only their accents", async () => {
    const source = [
      "// “Fővárosi” — a comment",
      "const városok = ['Budapest', 'Kaunas', 'Ljubljana'];",
      "export const title = 'Kihívások és megoldások 🙂';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the template literal is in the source under test
      "export const greeting = (name) => `Üdv, ${name}! Viso gero — Lep pozdrav`;",
      "export const accented = /[őűč]/u.test('č') && /\\ő/.test('ő') && /\\\\ő/.test('\\\\ő') && /🙂/u.test('🙂');",
      "export const cities = városok.join(' · ');",
    ].join("\n");
    const ascii = await asciiSource(source);
    expect(ascii.search(/[\u0080-\uffff]/), ascii).toBe(-1);
    const run = async (code: string) => import(`data:text/javascript,${encodeURIComponent(code)}`);
    const [before, after] = [await run(source), await run(ascii)];
    expect(after.title).toBe(before.title);
    expect(after.greeting("Ágnes")).toBe(before.greeting("Ágnes"));
    expect(after.accented).toBe(true);
    expect(after.cities).toBe("Budapest · Kaunas · Ljubljana");
  });

  it("the built server and Remix server build hold no character above ASCII", () => {
    const remixChunks = existsSync("build/server/assets")
      ? readdirSync("build/server/assets")
          .filter((f) => f.endsWith(".js"))
          .map((f) => `build/server/assets/${f}`)
      : [];
    for (const file of ["build/server.js", "build/server/index.js", ...remixChunks]) {
      // `npm test` builds first (scripts/test.mjs); alone, run `npm run build` before this test.
      expect(existsSync(file), `${file} is built`).toBe(true);
      const text = readFileSync(file, "utf8");
      const first = text.search(/[\u0080-\uffff]/);
      expect(first, `${file}: ${JSON.stringify(text.slice(Math.max(0, first - 40), first + 10))}`).toBe(-1);
    }
  });
});
