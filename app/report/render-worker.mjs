// The report worker's entry point: a worker thread does not inherit the server's TypeScript loader,
// so it registers tsx itself before loading the worker's TypeScript source.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.server.ts");
