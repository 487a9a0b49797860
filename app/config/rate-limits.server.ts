import { data, type HeadersFunction } from "@remix-run/node";
import type { Redis } from "ioredis";
// The limiters' own files, not the package's index (which loads every store it supports: 9 MB).
// RateLimiterRedis is a few kilobytes and loads no Redis client: it is handed one (REDIS_URL).
import RateLimiterMemory from "rate-limiter-flexible/lib/RateLimiterMemory.js";
import RateLimiterRedis from "rate-limiter-flexible/lib/RateLimiterRedis.js";
import { fail } from "../domain/result";

/**
 * Limits keyed on what is being done, not on the URL that reached it: a route action or a socket
 * handshake takes a point for its action and key (the client's address, an email), however the
 * request was spelled (`/login`, `/login.data`, `/%6Cogin` all run the login action).
 * A venue may put hundreds of phones behind one address: joining and connecting are generous.
 */
export const RATE_LIMITS = {
  /** Password guesses from one address. */
  login: { points: 30, duration: 60 },
  /** Password guesses on one account, from anywhere. */
  loginAccount: { points: 10, duration: 15 * 60 },
  signup: { points: 50, duration: 10 * 60 },
  /** Join forms and join pages from one address (a whole hall may share it). */
  join: { points: 600, duration: 60 },
  /** Join codes that do not exist, from one address: guessing codes stops here. */
  joinMiss: { points: 20, duration: 10 * 60 },
  /** Socket connections from one address (each authenticates, and may write "last seen"). */
  handshake: { points: 1200, duration: 60 },
  /** Report downloads (a PDF of a big workshop takes seconds). */
  report: { points: 30, duration: 60 },
} as const;
export type LimitedAction = keyof typeof RATE_LIMITS;

export type RateLimits = {
  /** Takes one point; false (with when to try again) once the action's budget for `key` is spent. */
  take(action: LimitedAction, key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** Whether the budget is spent, without taking a point. */
  spent(action: LimitedAction, key: string): Promise<boolean>;
};

/**
 * One limiter per action, in this process's memory — or, given a Redis client (REDIS_URL), in
 * Redis, so that every node spends one budget per action and key (`keyPrefix` = the action, as in
 * memory). When Redis does not answer, each node falls back to its own memory limiter (the
 * insurance): limits per node for the time of the outage, rather than refusing everyone.
 * The per-socket message budget (app/realtime/message-budget.ts) stays in memory whatever is given:
 * a socket lives on one node, and every message of the vote path asks it.
 */
export function createRateLimits(
  limits: { [A in LimitedAction]: { points: number; duration: number } } = RATE_LIMITS,
  shared: { redis?: Redis } = {},
): RateLimits {
  const limiterOf = (action: string, options: { points: number; duration: number }) => {
    const memory = new RateLimiterMemory({ ...options, keyPrefix: action });
    if (!shared.redis) return memory;
    return new RateLimiterRedis({
      ...options,
      keyPrefix: action,
      storeClient: shared.redis,
      // Not waiting for a Redis that is away: the insurance answers at once.
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  const limiters = Object.fromEntries(
    Object.entries(limits).map(([action, options]) => [action, limiterOf(action, options)]),
  ) as Record<LimitedAction, RateLimiterMemory | RateLimiterRedis>;
  return {
    async take(action, key) {
      try {
        await limiters[action].consume(key);
        return { ok: true };
      } catch (refusal) {
        const ms = (refusal as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
      }
    },
    async spent(action, key) {
      const used = await limiters[action].get(key);
      return used !== null && used.consumedPoints >= limits[action].points;
    },
  };
}

/** A route action's refusal when a limit is reached: the form says so in the user's language. */
export const limited = (retryAfterSeconds: number) =>
  data(
    { error: fail("rate_limited", "Too many attempts; please wait a little and try again.").error },
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );

/** A route's `headers`: the action's Retry-After reaches the browser on a page request too. */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

/** The answer when a limit is reached on a page or a download: plain, with when to try again. */
export const tooMany = (retryAfterSeconds: number) =>
  new Response("Too many attempts; please wait a little and try again.", {
    status: 429,
    headers: { "Retry-After": String(retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" },
  });
