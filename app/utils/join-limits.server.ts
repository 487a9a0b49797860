import type { AppLoadContext } from "@remix-run/node";
import { tooMany } from "../config/rate-limits.server";

/**
 * Looking a workshop up by its code, from a join page or the join form: generous for a hall behind
 * one address, but an address that has tried too many codes that do not exist is stopped for a
 * while — for real codes too, so guessing teaches nothing. Throws the 429.
 */
export async function limitJoinLookups(context: AppLoadContext): Promise<void> {
  const address = context.clientAddress;
  if (await context.limits.spent("joinMiss", address)) throw tooMany(10 * 60);
  const allowed = await context.limits.take("join", address);
  if (!allowed.ok) throw tooMany(allowed.retryAfterSeconds);
}
