/**
 * Facilitator accounts from the command line, for an organisation that runs its own server (and
 * closes sign-up with SIGNUP=closed):
 *
 *   npm run facilitator -- create --email <email> --name <name> [--password <password>]
 *   npm run facilitator -- reset-password --email <email> [--password <password>]
 *
 * Without --password the password is read from standard input (piped: its first line; at a
 * terminal: asked for, without echo); left empty, one is generated and printed. A reset ends every
 * session of that facilitator. Works on DATABASE_URL when set, else DATABASE_PATH (default ./data/helix-review.sqlite), migrated
 * first as the server does.
 */
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { databaseFrom } from "../app/config/env.server";
import { openChosenDatabase } from "../app/db/open.server";
import type { AppError } from "../app/domain/result";
import { silentPublish } from "../app/services/deps.server";
import { createServices } from "../app/services/index.server";

const USAGE = `Usage:
  npm run facilitator -- create --email <email> --name <name> [--password <password>]
  npm run facilitator -- reset-password --email <email> [--password <password>]
Without --password, the password is read from standard input (or asked for); empty, one is generated and printed.`;

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    if (!rest[i].startsWith("--") || rest[i + 1] === undefined) return null;
    options[rest[i].slice(2)] = rest[++i];
  }
  return { command, options };
}

/** The first line of piped input, or the answer to a prompt that does not echo at a terminal. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    return input.split(/\r?\n/)[0] ?? "";
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const question = "Password (leave empty to generate one): ";
  process.stdout.write(question);
  // Nothing typed is echoed: readline's own output is silenced while the answer is read.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

function explain(error: AppError): string {
  const fields = Object.entries(error.fields ?? {}).map(([field, problem]) => `  --${field}: ${problem.key}`);
  return [error.message, ...fields].join("\n");
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args || !["create", "reset-password"].includes(args.command ?? "") || !args.options.email) {
    console.error(USAGE);
    return 2;
  }
  const { command, options } = args;
  if (command === "create" && !options.name) {
    console.error(`--name is required to create an account.\n${USAGE}`);
    return 2;
  }
  let password = options.password ?? (await readPassword());
  const generated = password === "";
  if (generated) password = randomBytes(15).toString("base64url");

  const database = await openChosenDatabase(databaseFrom());
  try {
    const services = createServices({ db: database.db, publish: silentPublish });
    const result =
      command === "create"
        ? await services.facilitators.signUp({ email: options.email, name: options.name, password })
        : await services.facilitators.resetPassword({ email: options.email, password });
    if (!result.ok) {
      console.error(explain(result.error));
      return 1;
    }
    const done = command === "create" ? "Created the facilitator account" : "Set a new password (every session ended) for";
    console.log(`${done} ${result.data.name} <${result.data.email}> in ${database.name}.`);
    if (generated) console.log(`Password: ${password}`);
    return 0;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();
