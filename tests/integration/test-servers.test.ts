import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type PrivatePostgres, startPostgres } from "../support/postgres";
import { type PrivateRedis, startRedis } from "../support/redis";

/**
 * The private servers the tests of PostgreSQL and Redis run on (issue 15): each test file starts its
 * own in a temporary folder on a free port, and stops it. Without PostgreSQL or Redis on the
 * machine these fail, saying how to install them (`npm test` installs them on Debian and Ubuntu).
 */
const started: (PrivatePostgres | PrivateRedis)[] = [];
afterAll(async () => {
  // Stopped even when a test failed half-way.
  for (const server of started) await server.stop();
});

/** Whether anything answers on the loopback port now. */
async function answers(port: number): Promise<boolean> {
  const { createConnection } = await import("node:net");
  return new Promise((done) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

describe("the tests' own PostgreSQL", { timeout: 120_000 }, () => {
  it("starts in a temporary folder on a free port, answers queries, and is gone once stopped", async () => {
    const postgres = await startPostgres();
    started.push(postgres);
    expect(postgres.url).toBe(`postgres://postgres@127.0.0.1:${postgres.port}/postgres`);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
      // A fresh cluster of its own: it serves this port only, on loopback, and takes writes.
      expect((await client.query("show port")).rows[0].port).toBe(String(postgres.port));
      expect((await client.query("show listen_addresses")).rows[0].listen_addresses).toBe("127.0.0.1");
      await client.query("create table workshops (id text primary key, title text not null)");
      await client.query("insert into workshops values ($1, $2)", ["w1", "Budapest peer review"]);
      expect((await client.query("select title from workshops")).rows).toEqual([{ title: "Budapest peer review" }]);
    } finally {
      await client.end();
    }

    await postgres.stop();
    expect(await answers(postgres.port)).toBe(false);
    expect(existsSync(postgres.dir)).toBe(false);
    await postgres.stop(); // a second stop (afterAll's) does nothing
  });
});

describe("the tests' own Redis", { timeout: 60_000 }, () => {
  it("starts on a free port with nothing saved, answers, is not shared with another, and is gone once stopped", async () => {
    const [one, two] = [await startRedis(), await startRedis()];
    started.push(one, two);
    expect(one.port).not.toBe(two.port);
    const first = new Redis(one.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    const second = new Redis(two.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await Promise.all([first.connect(), second.connect()]);
    try {
      expect(await first.ping()).toBe("PONG");
      await first.set("room", "w1");
      expect(await first.get("room")).toBe("w1");
      expect(await second.get("room")).toBeNull();
      expect(await first.config("GET", "save")).toEqual(["save", ""]);
      expect(await first.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
    } finally {
      first.disconnect();
      second.disconnect();
    }

    await Promise.all([one.stop(), two.stop()]);
    expect(await answers(one.port)).toBe(false);
    expect(await answers(two.port)).toBe(false);
    expect(existsSync(one.dir)).toBe(false);
    expect(existsSync(two.dir)).toBe(false);
  });
});
