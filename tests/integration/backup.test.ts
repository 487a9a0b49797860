import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncResult } from "../../app/domain/sync";
import type { ClientToServerEvents, ServerToClientEvents } from "../../app/realtime/protocol";
import { backUpDatabase } from "../../scripts/lib/db-backup";
import { startChild } from "../../scripts/lib/start-child";
import { seedVoteWorkshop, type VoteWorkshop } from "../support/vote-workshop";
import { runScript } from "./run-script";

/**
 * Issue 15, backups of the embedded database: `npm run db:backup` (scripts/db-backup.ts, a child
 * process as an operator runs it) copies the SQLite file of a running server, the built server as
 * `npm start` runs it (build/server.js, production, a child on a loopback port), while 50 phones
 * vote as fast as their answers come back; then the restore of docs/backup.md (the copy put at a
 * fresh DATABASE_PATH, the server started on it) serves the workshop.
 */

const ROOT = resolve(__dirname, "../..");
const SESSION_SECRET = "backup-test-secret-backup-test-secret-01";
const PHONES = 50;
type Phone = Socket<ServerToClientEvents, ClientToServerEvents>;
type SentVote = { phone: number; clientId: string; contributionId: string; points: number };

let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  // The server under test is the production build; `npm test` builds before Vitest runs, and a
  // run of this file alone builds here when the build is missing or older than its sources. Not
  // with Vitest's NODE_ENV=test: the app built so fails to load.
  const env = { ...process.env };
  Reflect.deleteProperty(env, "NODE_ENV");
  const build = spawn(
    process.execPath,
    ["--input-type=module", "-e", "import { ensureBuild } from './scripts/ensure-build.mjs'; ensureBuild();"],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  build.stdout.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  build.stderr.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((done) => build.on("close", done));
  if (code !== 0) throw new Error(`npm run build failed:\n${output}`);
  dir = mkdtempSync(join(tmpdir(), "helix-review-backup-"));
}, 600_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startServer(databasePath: string) {
  const server = startChild(
    ["build/server.js"],
    { NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_PATH: databasePath, SESSION_SECRET },
    { timeoutMs: 120_000 },
  );
  cleanups.push(server.stop);
  return server;
}

function connectPhone(url: string, workshop: VoteWorkshop, phone: number): Promise<Phone> {
  const socket: Phone = io(url, {
    auth: { as: "participant", workshopId: workshop.workshopId },
    extraHeaders: { cookie: workshop.participants[phone].cookie },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  cleanups.push(() => {
    socket.disconnect();
  });
  return new Promise((done, fail) => {
    socket.once("connect", () => done(socket));
    socket.once("connect_error", fail);
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** What a file holds: its integrity, each phone's vote requests and points, read-only. */
function readBackup(path: string, workshop: VoteWorkshop) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const requests = new Set(
      (
        db.prepare("select participant_id, client_id from vote_requests").all() as { participant_id: string; client_id: string }[]
      ).map((r) => `${r.participant_id}/${r.client_id}`),
    );
    const points = new Map(
      (
        db.prepare("select participant_id, contribution_id, points from votes where step_id = ?").all(workshop.voteStepId) as {
          participant_id: string;
          contribution_id: string;
          points: number;
        }[]
      ).map((r) => [`${r.participant_id}/${r.contribution_id}`, r.points]),
    );
    return {
      integrity: db.pragma("integrity_check", { simple: true }),
      foreignKeyProblems: (db.pragma("foreign_key_check") as unknown[]).length,
      journalMode: db.pragma("journal_mode", { simple: true }),
      hasRequest: (vote: SentVote) => requests.has(`${workshop.participants[vote.phone].id}/${vote.clientId}`),
      pointsOf: (phone: number, contributionId: string) =>
        points.get(`${workshop.participants[phone].id}/${contributionId}`) ?? 0,
    };
  } finally {
    db.close();
  }
}

describe("npm run db:backup", { timeout: 300_000 }, () => {
  it("copies the file of a server in a vote burst: the copy is sound, holds every vote acknowledged before it started, and restored, the server serves the workshop", async () => {
    const databasePath = join(dir, "live", "helix-review.sqlite");
    const backupPath = join(dir, "helix-review-backup.sqlite");
    // Four items; each phone votes on two of them, at most 2 and 3 points: the budget (5) and the
    // cap (3) never refuse a vote, so every vote sent is acknowledged.
    const workshop = await seedVoteWorkshop(databasePath, {
      participants: PHONES,
      items: 4,
      budget: 5,
      cap: 3,
      secret: SESSION_SECRET,
    });
    const ballotOf = (phone: number) => [
      { contributionId: workshop.items[phone % 4], max: 2 },
      { contributionId: workshop.items[(phone + 1) % 4], max: 3 },
    ];
    // 24 MB of other data, as a file has after months of workshops: the copy takes many steps,
    // between which the server writes (the copy then starts again, in one pass).
    const filler = new Database(databasePath);
    filler.exec(`create table backup_test_filler (data blob);
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 24)
      insert into backup_test_filler select randomblob(1048576) from n`);
    filler.close();
    const server = startServer(databasePath);
    const url = await server.url;
    const phones = await Promise.all(workshop.participants.map((_, phone) => connectPhone(url, workshop, phone)));

    // ── The burst: every phone votes again a moment after its last vote is answered ───────────
    const acked: SentVote[] = [];
    const ackedByPhone: SentVote[][] = phones.map(() => []);
    let voting = true;
    const burst = phones.map(async (socket, phone) => {
      for (let n = 0; voting; n++) {
        const { contributionId, max } = ballotOf(phone)[n % 2];
        const vote = { phone, clientId: `backup-p${phone}-n${n}`, contributionId, points: Math.floor(Math.random() * (max + 1)) };
        const answer = await socket
          .timeout(30_000)
          .emitWithAck("vote:set", { clientId: vote.clientId, contributionId, points: vote.points, stepId: workshop.voteStepId });
        if (!answer.ok) throw new Error(`vote ${vote.clientId} refused: ${answer.error.code} ${answer.error.message}`);
        acked.push(vote);
        ackedByPhone[phone].push(vote);
        // A quick thumb, under the server's limit of 120 messages per 10 s for one phone.
        await sleep(100 + Math.random() * 30);
      }
    });
    const burstDone = Promise.all(burst).finally(() => {
      voting = false;
    });
    while (acked.length < PHONES * 20 && voting) await sleep(20);

    // ── The backup, started mid-burst ─────────────────────────────────────────────────────────
    // Every vote acknowledged before the script is started was committed before it could begin.
    const ackedBeforeStart = [...acked];
    const run = await runScript("scripts/db-backup.ts", ["--out", backupPath], { databasePath, killAfterMs: 180_000 });
    const ackedDuringBackup = acked.length - ackedBeforeStart.length;
    voting = false;
    await burstDone;

    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`Backup written: ${backupPath}`);
    expect(run.stdout).toContain("integrity_check: ok");
    // The burst went on while the script ran: the server was writing beside the copy.
    expect(ackedDuringBackup).toBeGreaterThan(0);
    // Only the final name is left in the folder: no partial copy, no journal.
    expect(readdirSync(dir).sort()).toEqual(["helix-review-backup.sqlite", "live"]);

    const backup = readBackup(backupPath, workshop);
    expect(backup.integrity).toBe("ok");
    expect(backup.foreignKeyProblems).toBe(0);
    expect(backup.journalMode).toBe("delete");
    const missing = ackedBeforeStart.filter((vote) => !backup.hasRequest(vote)).map((v) => v.clientId);
    expect(missing, "votes acknowledged before the backup started but not in it").toEqual([]);

    // The copy is one moment of the database: each phone's votes (sent one after another) are in
    // it up to some vote and none after, and its points are what those votes left.
    for (const [phone, votes] of ackedByPhone.entries()) {
      const held = votes.map((vote) => backup.hasRequest(vote));
      const prefix = held.indexOf(false) === -1 ? held.length : held.indexOf(false);
      expect(
        held.slice(prefix).every((h) => !h),
        `phone ${phone}: a later vote is in the copy without an earlier one`,
      ).toBe(true);
      for (const { contributionId } of ballotOf(phone)) {
        const last = votes.slice(0, prefix).findLast((vote) => vote.contributionId === contributionId);
        expect(backup.pointsOf(phone, contributionId), `phone ${phone}, ${contributionId}`).toBe(last?.points ?? 0);
      }
    }
    for (const socket of phones) socket.disconnect();
    await server.stop();

    // ── The restore of docs/backup.md: the copy at a fresh DATABASE_PATH, the server started ──
    const restoredPath = join(dir, "restored", "helix-review.sqlite");
    mkdirSync(join(dir, "restored"));
    copyFileSync(backupPath, restoredPath);
    const restored = startServer(restoredPath);
    const restoredUrl = await restored.url;
    expect(await (await fetch(`${restoredUrl}/healthz`)).json()).toEqual({ ok: true });

    // Every phone reconnects with the cookie it held and finds its own votes as the copy has them.
    const again = await Promise.all(workshop.participants.map((_, phone) => connectPhone(restoredUrl, workshop, phone)));
    for (const [phone, socket] of again.entries()) {
      const sync = (await socket.timeout(30_000).emitWithAck("workshop:sync", { lastSeq: 0 })) as { ok: true; data: SyncResult };
      expect(sync.ok).toBe(true);
      const ballot = Object.fromEntries(Object.entries(sync.data.ballot?.points ?? {}).filter(([, points]) => points > 0));
      const expected = Object.fromEntries(
        ballotOf(phone)
          .map(({ contributionId }) => [contributionId, backup.pointsOf(phone, contributionId)] as const)
          .filter(([, points]) => points > 0),
      );
      expect(ballot, `phone ${phone}'s ballot after the restore`).toEqual(expected);
    }
    // A phone that saw later events than the copy holds is ahead of the restored log: it gets a snapshot.
    const ahead = (await again[0].timeout(30_000).emitWithAck("workshop:sync", { lastSeq: 1_000_000 })) as {
      ok: true;
      data: SyncResult;
    };
    expect(ahead).toMatchObject({ ok: true, data: { mode: "snapshot" } });
    // The restored server takes new votes, and the phone's page is served from it.
    const vote = await again[0].timeout(30_000).emitWithAck("vote:set", {
      clientId: "after-restore-0",
      contributionId: ballotOf(0)[0].contributionId,
      points: 2,
      stepId: workshop.voteStepId,
    });
    expect(vote).toMatchObject({ ok: true, data: { points: 2 } });
    const page = await fetch(`${restoredUrl}/j/${workshop.joinCode}`, { headers: { cookie: workshop.participants[0].cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Vote workshop");
  });

  it("when the file changes between two steps of the copy, copies it again in one pass: one moment of the file, with every write made before it started", {
    timeout: 60_000,
  }, async () => {
    const folder = mkdtempSync(join(dir, "busy-"));
    const source = join(folder, "busy.sqlite");
    const writer = new Database(source);
    writer.pragma("journal_mode = WAL");
    writer.exec(`create table filler (data blob); create table writes (n integer primary key); create table counter (value integer);
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 8)
      insert into filler select randomblob(1048576) from n`);
    const insert = writer.prepare("insert into writes (n) values (?)");
    let written = 0;
    while (written < 100) insert.run(++written);
    writer.prepare("insert into counter (value) values (?)").run(written);
    const writtenBefore = written;
    // Another connection writes between every two steps of the copy (both run on this event loop),
    // in place: the file does not grow, so only the restarts show that it changed.
    const update = writer.prepare("update counter set value = ?");
    let writing = true;
    const write = () => {
      if (!writing) return;
      update.run(++written);
      setImmediate(write);
    };
    setImmediate(write);
    const lines: string[] = [];
    const out = join(folder, "copy.sqlite");
    try {
      await backUpDatabase(source, out, (line) => lines.push(line));
    } finally {
      writing = false;
    }
    writer.close();

    expect(lines).toContain("The database changed during the copy: copying it again in one pass.");
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const rows = (copy.prepare("select n from writes order by n").all() as { n: number }[]).map((r) => r.n);
    const counter = (copy.prepare("select value from counter").get() as { value: number }).value;
    copy.close();
    expect(rows).toEqual(Array.from({ length: writtenBefore }, (_, i) => i + 1));
    expect(counter).toBeGreaterThan(writtenBefore);
    expect(counter).toBeLessThanOrEqual(written);
  });

  it("refuses what it cannot do well, with exit code 2 for bad arguments, and never leaves a partial file", async () => {
    const folder = mkdtempSync(join(dir, "args-"));
    const databasePath = join(folder, "helix-review.sqlite");
    new Database(databasePath).close();
    const backup = (args: string[]) => runScript("scripts/db-backup.ts", args, { databasePath, killAfterMs: 60_000 });

    const noOut = await backup([]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("--out <file> is required");
    expect(noOut.stderr).toContain("Usage: npm run db:backup -- --out <file>");

    const unknown = await backup(["--out", join(folder, "a.sqlite"), "--fast"]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown argument: --fast") });

    const existing = join(folder, "existing.sqlite");
    writeFileSync(existing, "an older backup");
    const refused = await backup(["--out", existing]);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining("already exists; add --force to replace it") });
    expect(readFileSync(existing, "utf8")).toBe("an older backup");

    // A large file: progress as it is copied.
    const filler = new Database(databasePath);
    filler.exec(`create table backup_test_filler (data blob);
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 20)
      insert into backup_test_filler select randomblob(1048576) from n`);
    filler.close();
    const forced = await backup(["--out", existing, "--force"]);
    expect(forced, forced.stderr).toMatchObject({ code: 0 });
    expect(forced.stdout).toMatch(/^ {2}50% \(\d+ of \d+ pages\)$/m);
    const replaced = new Database(existing, { readonly: true });
    expect(replaced.pragma("integrity_check", { simple: true })).toBe("ok");
    replaced.close();

    const noDatabase = await backup(["--out", join(folder, "b.sqlite"), "--database", join(folder, "nowhere.sqlite")]);
    expect(noDatabase).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`No database file at ${join(folder, "nowhere.sqlite")}`),
    });

    const notADatabase = join(folder, "notes.txt");
    writeFileSync(notADatabase, "not SQLite");
    const failed = await backup(["--out", join(folder, "c.sqlite"), "--database", notADatabase]);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining("Backup failed: file is not a database") });
    expect(existsSync(join(folder, "c.sqlite"))).toBe(false);
    expect(readdirSync(folder).filter((name) => name.includes("partial"))).toEqual([]);
  });
});
