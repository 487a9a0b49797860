import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../app/config/env.server";
import { createRateLimits } from "../../app/config/rate-limits.server";
import { openDatabase } from "../../app/db/client.server";
import { loader as loginLoader } from "../../app/routes/login";
import { action as signupAction, loader as signupLoader } from "../../app/routes/signup";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { createSessions } from "../../app/sessions.server";
import { SESSION_SECRET } from "./helpers";
import { runScript, type ScriptRun } from "./run-script";

/**
 * Accounts for an organisation's own server: `npm run facilitator` as an operator runs it (a real
 * process, node with tsx as the npm script, on a real SQLite file at DATABASE_PATH), and sign-up
 * closed by SIGNUP=closed.
 */
const _ROOT = resolve(__dirname, "../..");
let dir: string;
let databasePath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "helix-review-facilitator-cli-"));
  // Never opened before the first command: the command line migrates it as the server does.
  databasePath = join(dir, "accounts.sqlite");
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Run = ScriptRun;

const facilitatorCli = (args: string[], stdin = ""): Promise<Run> =>
  runScript("scripts/facilitator.ts", args, { databasePath, stdin, killAfterMs: 60_000 });

/** The services on the same file, opened and closed around each look (the child has closed it). */
async function withServices<T>(use: (services: ReturnType<typeof createServices>) => T | Promise<T>): Promise<T> {
  const database = openDatabase(databasePath);
  try {
    return await use(createServices({ db: database.db, publish: silentPublish }));
  } finally {
    database.close();
  }
}
const logIn = (email: string, password: string) =>
  withServices(async (services) => (await services.facilitators.logIn({ email, password })).ok);

// Each call starts the CLI as a child process through tsx (seconds on a busy 2-core machine):
// a generous per-test limit, not a timing assertion.
describe("npm run facilitator", { timeout: 90_000 }, () => {
  it("creates an account with the password given, on a database it migrates first", async () => {
    const run = await facilitatorCli([
      "create",
      "--email",
      "Eszter@Example.org",
      "--name",
      "Eszter Kovács",
      "--password",
      "a long password",
    ]);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain("Created the facilitator account Eszter Kovács <eszter@example.org>");
    expect(run.stdout).not.toContain("a long password");
    expect(await logIn("eszter@example.org", "a long password")).toBe(true);
  });

  it("reads the password from standard input", async () => {
    const run = await facilitatorCli(["create", "--email", "tamas@example.org", "--name", "Tamás"], "piped long password\n");
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(await logIn("tamas@example.org", "piped long password")).toBe(true);
  });

  it("generates and prints a password when none is given", async () => {
    const run = await facilitatorCli(["create", "--email", "lena@example.org", "--name", "Lena"]);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const password = /Password: (\S+)/.exec(run.stdout)?.[1] ?? "";
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await logIn("lena@example.org", password)).toBe(true);
  });

  it("refuses a second account with the same email, and a short password, changing nothing", async () => {
    const taken = await facilitatorCli([
      "create",
      "--email",
      "eszter@example.org",
      "--name",
      "Mallory",
      "--password",
      "mallory's password",
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("already exists");
    const short = await facilitatorCli(["create", "--email", "new@example.org", "--name", "New", "--password", "short"]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("--password: tooShort");
    expect(await logIn("eszter@example.org", "a long password")).toBe(true);
    expect(await withServices((s) => s.facilitators.findByEmail("new@example.org"))).toBeNull();
  });

  it("resets a password and ends every session of that facilitator, no one else's", async () => {
    const [eszter, tamas] = await withServices(async (s) => {
      const one = await s.facilitators.findByEmail("eszter@example.org");
      const two = await s.facilitators.findByEmail("tamas@example.org");
      if (!one || !two) throw new Error("the accounts above are missing");
      return [
        { id: one.id, tokens: [await s.facilitators.startSession(one.id), await s.facilitators.startSession(one.id)] },
        { id: two.id, tokens: [await s.facilitators.startSession(two.id)] },
      ];
    });
    const run = await facilitatorCli(["reset-password", "--email", "eszter@example.org"], "the new long password\n");
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain("every session ended");
    await withServices(async (s) => {
      for (const token of eszter.tokens) expect(await s.facilitators.sessionFacilitator(token)).toBeNull();
      expect(await s.facilitators.sessionFacilitator(tamas.tokens[0])).toBe(tamas.id);
    });
    expect(await logIn("eszter@example.org", "the new long password")).toBe(true);
    expect(await logIn("eszter@example.org", "a long password")).toBe(false);
  });

  it("says so for an unknown email, and shows its usage when the command is not one of its own", async () => {
    const unknown = await facilitatorCli(["reset-password", "--email", "nobody@example.org", "--password", "a long password"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No facilitator has this email");
    for (const args of [
      [],
      ["delete", "--email", "eszter@example.org"],
      ["create", "--email", "x@example.org"],
      ["create", "--email"],
    ]) {
      const run = await facilitatorCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toContain("Usage:");
    }
  });
});

describe("SIGNUP", () => {
  it("is open unless configured closed, and any other value stops the server at start", () => {
    const base = { NODE_ENV: "test", DATABASE_PATH: ":memory:", SESSION_SECRET } as const;
    expect(loadEnv(base).SIGNUP).toBe("open");
    expect(loadEnv({ ...base, SIGNUP: "closed" }).SIGNUP).toBe("closed");
    expect(loadEnv({ ...base, SIGNUP: " Closed " }).SIGNUP).toBe("closed");
    expect(() => loadEnv({ ...base, SIGNUP: "invite-only" })).toThrow(/SIGNUP is open or closed/);
  });

  it("closed: the page says so (403) and a posted sign-up is refused with 403, creating no account", async () => {
    const database = openDatabase(join(dir, "closed.sqlite"));
    try {
      const services = createServices({ db: database.db, publish: silentPublish });
      const sessions = createSessions({ secret: SESSION_SECRET, store: services.facilitators });
      const context = (signup: "open" | "closed") =>
        ({ services, sessions, limits: createRateLimits(), clientAddress: "127.0.0.1", signup }) as unknown as AppLoadContext;
      const post = () =>
        new Request("http://127.0.0.1/signup", {
          method: "POST",
          body: new URLSearchParams({ name: "Mallory", email: "mallory@example.org", password: "a long password" }),
        });
      const args = (request: Request, signup: "open" | "closed") => ({ request, context: context(signup), params: {} });

      const page = (await signupLoader(args(new Request("http://127.0.0.1/signup"), "closed"))) as unknown as {
        init: { status: number };
        data: { open: boolean };
      };
      expect(page.init.status).toBe(403);
      expect(page.data.open).toBe(false);
      const refused = (await signupAction(args(post(), "closed"))) as unknown as {
        init: { status: number };
        data: { error: { reason: { key: string } } };
      };
      expect(refused.init.status).toBe(403);
      expect(refused.data.error.reason.key).toBe("signupClosed");
      expect(await services.facilitators.findByEmail("mallory@example.org")).toBeNull();
      // The log-in page offers no sign-up then (nor does the home page: the root loader says so too).
      expect(await loginLoader(args(new Request("http://127.0.0.1/login"), "closed"))).toEqual({ signupOpen: false });
      expect(await loginLoader(args(new Request("http://127.0.0.1/login"), "open"))).toEqual({ signupOpen: true });

      // Open, the same form creates the account.
      const created = await signupAction(args(post(), "open")).catch((thrown: Response) => thrown);
      expect((created as Response).status).toBe(302);
      expect(await services.facilitators.findByEmail("mallory@example.org")).not.toBeNull();
    } finally {
      database.close();
    }
  });
});
