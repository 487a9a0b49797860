/**
 * `npm run report:schema`: writes the JSON Schema of the report's JSON export to
 * docs/report.schema.json (from app/report/schema.ts), formatted as the repository formats JSON.
 * A test fails when the committed file and the schema differ.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { reportJsonSchema } from "../app/report/schema";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPORT_SCHEMA_FILE = resolve(root, "docs/report.schema.json");

writeFileSync(REPORT_SCHEMA_FILE, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
// Biome lays JSON out its own way (short arrays on one line): let it, so `npm run check` stays clean.
execFileSync(resolve(root, "node_modules/.bin/biome"), ["format", "--write", REPORT_SCHEMA_FILE], { stdio: "ignore" });
console.log(`Wrote ${REPORT_SCHEMA_FILE}`);
