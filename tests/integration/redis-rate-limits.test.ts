import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimits, RATE_LIMITS } from "../../app/config/rate-limits.server";
import { connectRedis, type RedisConnections } from "../../app/config/redis.server";
import { freePort } from "../support/free-port";
import { type PrivateRedis, startRedis } from "../support/redis";
import { eventually } from "./socket-helpers";

/** Small budgets, so that a test spends one in a few calls. */
const LIMITS = { ...RATE_LIMITS, login: { points: 3, duration: 60 }, join: { points: 5, duration: 60 } };

describe("rate limits from one Redis (REDIS_URL): every node spends one budget", () => {
  let redis: PrivateRedis;
  const logged: string[] = [];
  const log = (message: string) => logged.push(message);
  const nodes: RedisConnections[] = [];
  const node = async () => {
    const connections = await connectRedis(redis.url, log);
    nodes.push(connections);
    return { connections, limits: createRateLimits(LIMITS, { redis: connections.rateLimits }) };
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await redis?.stop();
  });

  it("refuses on the second node once the first has spent the budget, per action and key", async () => {
    const [a, b] = [await node(), await node()];
    for (let i = 0; i < LIMITS.login.points; i++) expect(await a.limits.take("login", "198.51.100.7")).toEqual({ ok: true });
    expect(await b.limits.spent("login", "198.51.100.7")).toBe(true);
    const refused = await b.limits.take("login", "198.51.100.7");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    // Another address, and another action for the same address, have budgets of their own.
    expect(await b.limits.take("login", "198.51.100.8")).toEqual({ ok: true });
    expect(await b.limits.spent("join", "198.51.100.7")).toBe(false);
    expect(await b.limits.take("join", "198.51.100.7")).toEqual({ ok: true });
    // The keys are the action and the key, as in memory.
    expect(await a.connections.rateLimits.get("login:198.51.100.7")).toBe(String(LIMITS.login.points + 1));
  });

  it("answers from each node's memory while Redis is away (the insurance), at once", async () => {
    const [a, b] = [await node(), await node()];
    await a.limits.take("join", "203.0.113.9");
    await redis.stop();
    const started = performance.now();
    // Each node now counts on its own: the second node's budget is whole again.
    for (let i = 0; i < LIMITS.join.points; i++) expect(await b.limits.take("join", "203.0.113.9")).toEqual({ ok: true });
    expect((await b.limits.take("join", "203.0.113.9")).ok).toBe(false);
    expect(await b.limits.spent("join", "203.0.113.9")).toBe(true);
    expect(await a.limits.spent("join", "203.0.113.9")).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
    // The outage is said once per client (two clients on each of the four nodes of these tests),
    // not at every attempt to reconnect.
    await eventually(() => logged.filter((line) => /rate-limits\) is unreachable; retrying/.test(line)).length === 4, "logged");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(logged.filter((line) => /is unreachable/.test(line))).toHaveLength(8);
    // A node that shuts down meanwhile is not held by the Redis that is away.
    const closing = performance.now();
    await Promise.all([a.connections.close(), b.connections.close()]);
    expect(performance.now() - closing).toBeLessThan(500);
  });
});

describe("a Redis out of reach at start", () => {
  it("stops the start, saying which Redis and why, without its password", async () => {
    const port = await freePort();
    const attempt = connectRedis(`redis://:hunter2-secret@127.0.0.1:${port}/0`, () => {});
    await expect(attempt).rejects.toThrow(`REDIS_URL: Redis at redis://:***@127.0.0.1:${port}/0 could not be reached (`);
    await expect(attempt).rejects.toThrow(/ECONNREFUSED/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});
