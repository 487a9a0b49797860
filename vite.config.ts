import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";
import { asciiServerBuild } from "./scripts/lib/ascii-source.mjs";

export default defineConfig({
  plugins: [remix(remixConfig), tsconfigPaths(), asciiServerBuild()],
  // Chunks under 10 kB are merged into the ones that import them (when that changes no module's
  // order of side effects): on a phone with a 150 ms round trip over six connections, thirty small
  // files cost more round trips than their bytes (docs/benchmarks.md, "The phone page").
  build: { rollupOptions: { output: { experimentalMinChunkSize: 10_000 } } },
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
  // The server build carries its dependencies bundled (tree-shaken, one file) rather than importing
  // them from node_modules at start: loading @mantine/core's hundreds of modules alone took seconds
  // of the server's start (docs/benchmarks.md, "Start"). React and Remix stay external: one copy
  // shared with what server.ts imports.
  ssr: {
    noExternal: true,
    external: ["react", "react-dom", "@remix-run/node", "@remix-run/react", "@remix-run/server-runtime", "isbot"],
  },
});
