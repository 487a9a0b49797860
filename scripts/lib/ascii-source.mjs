// The server's bundles as ASCII-only JavaScript. V8 keeps a module's source text in memory for as
// long as the module lives, one byte per character only when every character is Latin-1: a single
// "ő" in a translation or "“" in a comment makes the whole file two bytes a character (5.9 MB
// instead of 2.9 MB for the Remix server build). esbuild escapes non-ASCII characters in strings,
// template literals and identifiers (`charset: "ascii"`); what it leaves — in regular expression
// literals and comments — is escaped here as \uXXXX, one UTF-16 unit at a time, which a regular
// expression reads as the same character (with or without the u flag).
import { transform } from "esbuild";

/** What esbuild's ASCII output leaves (regular expression literals, comments), escaped. */
export const asciiRemainder = (code) =>
  code.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, char) => {
    // "\ő" (an identity escape) becomes "\u0151"; "\\ő" keeps its escaped backslash.
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });

/** A bundle reprinted by esbuild as ASCII. */
export async function asciiSource(code) {
  const out = await transform(code, { loader: "js", format: "esm", charset: "ascii", legalComments: "inline" });
  return asciiRemainder(out.code);
}

/**
 * A Vite plugin: the server build's chunks as ASCII (the browser's bundles are left as they are).
 * @returns {import("vite").Plugin}
 */
export function asciiServerBuild() {
  let ssr = false;
  return {
    name: "helix-review:ascii-server-build",
    apply: "build",
    enforce: "post",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    // After every chunk hook (Vite's own esbuild pass prints UTF-8 in renderChunk).
    async generateBundle(_options, bundle) {
      if (!ssr && this.environment?.config.consumer !== "server") return;
      for (const file of Object.values(bundle)) if (file.type === "chunk") file.code = await asciiSource(file.code);
    },
  };
}
