// What each page's browser downloads before it is usable, from the client build: the Remix manifest
// (build/client/assets/manifest-*.js) names each route's module and its static imports; the files
// themselves are read to follow every static `import` (transitively) and the stylesheets a module
// links. Sizes are gzip level 9 (node:zlib gzipSync), as served by the `compression` middleware
// at its default level they come out within a few per cent of this.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Routes the phone opens, and the facilitator's and projector's for comparison; `styles` is the
 * set of Mantine stylesheets the page links (app/styles/mantine.ts, chosen by the route's handle).
 */
export const PAGE_ROUTES = [
  { page: "/join", routes: ["root", "routes/join"], styles: "phone" },
  { page: "/j/:code", routes: ["root", "routes/j.$code"], styles: "phone" },
  { page: "/workshops/:id", routes: ["root", "routes/workshops.$workshopId"], styles: "all" },
  { page: "/display/:token", routes: ["root", "routes/display.$token"], styles: "all" },
];

/**
 * The root module names both sets of Mantine stylesheets (app/styles/mantine.ts); a page links
 * one: the phone's pages phone-<hash>.css, the others all of Mantine (styles-<hash>.css) and the
 * charts' (charts-<hash>.css).
 */
function linkedBy(styles) {
  const name = (path) => path.replace(/^.*\//, "").replace(/-[\w-]{8}\.css$/, "");
  return (path) => (styles === "phone" ? !["styles", "charts"].includes(name(path)) : name(path) !== "phone");
}

export function readClientManifest(clientDir) {
  const assets = join(clientDir, "assets");
  const file = readdirSync(assets).find((name) => /^manifest-[\w-]+\.js$/.test(name));
  if (!file) throw new Error(`no Remix manifest in ${assets}: run \`npm run build\` first`);
  const text = readFileSync(join(assets, file), "utf8");
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  return { file: `/assets/${file}`, manifest: JSON.parse(json) };
}

/** Static imports and linked stylesheets named in a built module (its dynamic `import()`s are not followed). */
export function staticReferences(code) {
  const js = new Set();
  const css = new Set();
  // `import{a as b}from"./x.js"`, `import"./x.js"`, `export{...}from"./x.js"` — not `import("./x.js")`.
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js|\/assets\/[^"']+\.js)["']/g)) {
    js.add(match[1]);
  }
  for (const match of code.matchAll(/["'](\/assets\/[^"']+\.css)["']/g)) css.add(match[1]);
  return { js, css };
}

const resolve = (from, spec) => (spec.startsWith("/") ? spec : new URL(spec, `http://x${from}`).pathname);

/**
 * Every JS and CSS file a page with these routes loads before it is usable, with gzipped sizes;
 * `chunks` adds chunks the page imports dynamically (by their file name's start: "room" for
 * assets/room-<hash>.js) with their own static imports; `styles`, the stylesheets it links.
 * @param {string} clientDir
 * @param {string[]} routeIds
 * @param {Map<string, { raw: number, gzip: number, text: string }>} [cache]
 * @param {string[]} [chunks]
 * @param {"phone" | "all"} [styles]
 */
export function pageFiles(clientDir, routeIds, cache = new Map(), chunks = [], styles = undefined) {
  const { file: manifestFile, manifest } = readClientManifest(clientDir);
  const size = (path) => {
    if (!cache.has(path)) {
      const content = readFileSync(join(clientDir, path));
      cache.set(path, { raw: content.length, gzip: gzipSync(content, { level: 9 }).length, text: content.toString("utf8") });
    }
    return cache.get(path);
  };
  const js = new Set([manifestFile]);
  const css = new Set();
  const queue = [manifest.entry.module, ...manifest.entry.imports];
  for (const css0 of manifest.entry.css ?? []) css.add(css0);
  for (const id of routeIds) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} is not in the manifest`);
    queue.push(route.module, ...(route.imports ?? []));
    for (const sheet of route.css ?? []) css.add(sheet);
  }
  const assetNames = readdirSync(join(clientDir, "assets"));
  for (const chunk of chunks) {
    const name = assetNames.find((file) => file.startsWith(`${chunk}-`) && file.endsWith(".js"));
    if (!name) throw new Error(`no chunk ${chunk}-*.js in the build`);
    queue.push(`/assets/${name}`);
  }
  while (queue.length) {
    const path = queue.pop();
    if (js.has(path)) continue;
    js.add(path);
    const refs = staticReferences(size(path).text);
    for (const spec of refs.js) queue.push(resolve(path, spec));
    for (const sheet of refs.css) css.add(sheet);
  }
  const sized = (paths) => [...paths].map((path) => ({ path, ...size(path), text: undefined })).sort((a, b) => b.gzip - a.gzip);
  const jsFiles = sized(js);
  const linked = styles ? linkedBy(styles) : () => true;
  const cssFiles = sized([...css].filter(linked));
  const total = (files, key) => files.reduce((sum, f) => sum + f[key], 0);
  return {
    js: { files: jsFiles.length, raw: total(jsFiles, "raw"), gzip: total(jsFiles, "gzip"), list: jsFiles },
    css: { files: cssFiles.length, raw: total(cssFiles, "raw"), gzip: total(cssFiles, "gzip"), list: cssFiles },
  };
}

export function measurePages(clientDir) {
  const cache = new Map();
  return PAGE_ROUTES.map(({ page, routes, styles }) => ({ page, ...pageFiles(clientDir, routes, cache, [], styles) }));
}
