/**
 * `npm run report -- --workshop <id or join code> --format <docx|pdf|html|md|csv|json> --out <path> [--lang <en|hu|lt|sl>]`
 * Writes a workshop's report from the database DATABASE_URL names when set, else the file at
 * DATABASE_PATH (default ./data/helix-review.sqlite).
 */
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { databaseFrom } from "../app/config/env.server";
import { openChosenDatabase } from "../app/db/open.server";
import { isReportFormat, REPORT_FORMAT_NAMES, renderReport } from "../app/report/formats.server";
import { REPORT_LANGUAGES } from "../app/report/i18n";
import { silentPublish } from "../app/services/deps.server";
import { createServices } from "../app/services/index.server";

const USAGE = `Usage: npm run report -- --workshop <id or join code> --format <${REPORT_FORMAT_NAMES.join("|")}> --out <path> [--lang <${REPORT_LANGUAGES.join("|")}>]`;

const required = (message: string) => z.string({ required_error: message }).min(1, message);
const argsSchema = z.object({
  workshop: required("--workshop <id or join code> is required"),
  format: required("--format is required"),
  out: required("--out <path> is required"),
  lang: z
    .enum(REPORT_LANGUAGES, { errorMap: () => ({ message: `--lang must be one of ${REPORT_LANGUAGES.join(", ")}` }) })
    .default("en"),
});

function parseArgs(argv: string[]) {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--") && argv[i + 1] !== undefined) raw[argv[i].slice(2)] = argv[++i];
  }
  return argsSchema.safeParse(raw);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.success) {
    console.error(`${args.error.issues.map((i) => i.message).join("\n")}\n${USAGE}`);
    return 2;
  }
  const { workshop, format, out, lang } = args.data;
  if (!isReportFormat(format)) {
    console.error(`Unknown format "${format}". Available: ${REPORT_FORMAT_NAMES.join(", ")}.`);
    return 2;
  }
  const database = await openChosenDatabase(databaseFrom());
  try {
    const services = createServices({ db: database.db, publish: silentPublish });
    const model = await services.reports.model({ kind: "system" }, workshop);
    if (!model.ok) {
      console.error(model.error.message);
      return 1;
    }
    const bytes = await renderReport(model.data, format, lang);
    writeFileSync(out, bytes);
    console.log(
      `Wrote the ${format} report (${lang}) of "${model.data.title.workshop}" to ${out} (${bytes.length} bytes)${model.data.interim ? " (interim: the workshop is still running)" : ""}.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
