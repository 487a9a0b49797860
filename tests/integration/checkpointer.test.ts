import { existsSync, statSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { checkpointInBackground } from "../../app/db/checkpointer.server";
import { WAL_SIZE_LIMIT_BYTES } from "../../app/db/client.server";
import { createTestDatabase } from "./helpers";

/**
 * WAL checkpoints off the event loop (ADR 0013): the server's connection never checkpoints in a
 * commit; a worker thread does, once the log has grown past SQLite's own threshold.
 */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** A test database with the checkpointer running on it, both cleaned up after the test. */
function checkpointedDatabase(intervalMs: number) {
  const database = createTestDatabase();
  cleanups.push(database.cleanup);
  const path = `${database.dir}/test.sqlite`;
  const checkpoints = checkpointInBackground(database, path, { intervalMs });
  cleanups.push(() => checkpoints.stop());
  database.sqlite.exec("create table filler (id integer primary key, body blob)");
  const insert = database.sqlite.prepare("insert into filler (body) values (?)");
  return { database, path, checkpoints, insert };
}

describe("the WAL checkpointer", () => {
  it("the server's commits never copy the log into the file; the worker does once the log passes 1,000 pages, and the data is all there", async () => {
    const { database, path, checkpoints, insert } = checkpointedDatabase(100);
    expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const fileBefore = statSync(path).size;
    // About 6 MB in 60 commits: past SQLite's 4 MB threshold, which would have checkpointed inline.
    for (let commit = 0; commit < 60; commit++)
      database.sqlite.transaction(() => {
        for (let row = 0; row < 25; row++) insert.run(Buffer.alloc(4000, commit));
      })();
    // Nothing was copied into the file by the commits themselves.
    expect(statSync(path).size).toBe(fileBefore);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);

    // The worker starts (within a second of the log passing the threshold) and copies the log in.
    await until(() => checkpoints.running(), "the worker to start");
    await until(() => statSync(path).size > 5 * 1024 * 1024, "the worker's checkpoint");
    expect(database.sqlite.prepare("select count(*) as n from filler").get()).toEqual({ n: 1500 });
    expect(database.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");

    // Stopped, it leaves the server's connection to close the log cleanly.
    await checkpoints.stop();
    database.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    cleanups.splice(0);
    database.cleanup();
  });

  it("while commits never stop, the log still starts again from its beginning: it stays small however much is written", async () => {
    const { database, path, checkpoints, insert } = checkpointedDatabase(50);
    const remove = database.sqlite.prepare("delete from filler where id <= ?");
    // A room voting without a pause: ≈ 64 KB committed every millisecond or two, ≈ 30 MB a second —
    // what 2,000 votes a second write (old rows deleted as new ones come: the file stays small too).
    let commits = 0;
    const commit = () => {
      database.sqlite.transaction(() => {
        for (let row = 0; row < 16; row++) insert.run(Buffer.alloc(4000, commits));
        remove.run(commits * 16 - 160);
      })();
      commits++;
    };
    const turn = () => new Promise((resolve) => setTimeout(resolve, 1));
    const logSize = () => statSync(`${path}-wal`).size;
    while (!checkpoints.running()) {
      commit();
      await turn();
    }
    // From the worker's start, 96 MB go through the log without a pause.
    let written = 0;
    while (written < 96 * 1024 * 1024) {
      commit();
      written += 16 * 4000;
      await turn();
    }
    // The log restarted all along: it holds the last moments' pages only, and its file was cut back
    // to the limit. With checkpoints that only copy, it held all that was written and grew for as
    // long as commits came (1.7 GB in 45 s in the benchmark).
    const [{ log: frames }] = database.sqlite.pragma("wal_checkpoint(PASSIVE)") as { log: number }[];
    expect(frames * 4096).toBeLessThan(written / 3);
    expect(logSize()).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
    expect(database.sqlite.prepare("select count(*) as n from filler").get()).toEqual({ n: 176 });
    expect(database.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("a server nobody writes to starts no worker (an idle server does not carry its memory)", async () => {
    const database = createTestDatabase();
    cleanups.push(database.cleanup);
    const checkpoints = checkpointInBackground(database, `${database.dir}/test.sqlite`, { intervalMs: 100 });
    database.sqlite.exec("create table small (id integer primary key)");
    database.sqlite.prepare("insert into small default values").run();
    // Past the first look at the log's size: a few kilobytes of log start nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(checkpoints.running()).toBe(false);
    expect(statSync(`${database.dir}/test.sqlite-wal`).size).toBeLessThan(1024 * 1024);
    await checkpoints.stop();
    expect(checkpoints.running()).toBe(false);
  });

  it("if its worker fails, SQLite's own checkpoints are turned back on and the log stops growing past them", async () => {
    const database = createTestDatabase();
    cleanups.push(database.cleanup);
    const path = `${database.dir}/test.sqlite`;
    const failing = `${database.dir}/failing-worker.mjs`;
    writeFileSync(failing, 'throw new Error("the checkpoint worker could not open the database");\n');
    const logged: string[] = [];
    const checkpoints = checkpointInBackground(database, path, {
      intervalMs: 100,
      workerPath: failing,
      log: (message, error) => logged.push(`${message}: ${error instanceof Error ? error.message : ""}`),
    });
    cleanups.push(() => checkpoints.stop());
    expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);

    database.sqlite.exec("create table filler (id integer primary key, body blob)");
    const insert = database.sqlite.prepare("insert into filler (body) values (?)");
    const commit = (n: number) =>
      database.sqlite.transaction(() => {
        for (let row = 0; row < 25; row++) insert.run(Buffer.alloc(4000, n));
      })();
    for (let n = 0; n < 60; n++) commit(n);
    await until(() => database.sqlite.pragma("wal_autocheckpoint", { simple: true }) === 1000, "SQLite's own checkpoints");
    expect(checkpoints.running()).toBe(false);
    expect(logged).toEqual([
      "the WAL checkpointer stopped; SQLite checkpoints on commit again: the checkpoint worker could not open the database",
    ]);
    // From now on the commits checkpoint themselves: the file takes in what the log held.
    const fileBefore = statSync(path).size;
    for (let n = 60; n < 120; n++) commit(n);
    expect(statSync(path).size).toBeGreaterThan(fileBefore);
    // 12 MB written in all; the log, reused after each checkpoint, holds no more than about half.
    expect(statSync(`${path}-wal`).size).toBeLessThan(8 * 1024 * 1024);
    expect(database.sqlite.prepare("select count(*) as n from filler").get()).toEqual({ n: 3000 });
  });
});
