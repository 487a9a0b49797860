/**
 * How many messages one sender (an actor: a phone, a facilitator, a projector, whatever sockets it
 * has open on this node) may send per window before being told to slow down. It is asked for
 * every message on every socket — the vote path included — so it answers synchronously and
 * allocates nothing per message but a counter: a fixed window shared by all senders, whose counts
 * are dropped wholesale when it ends (ADR 0013). The limits on actions that reach the database or
 * a password (logins, joins, handshakes, downloads) stay on rate-limiter-flexible
 * (app/config/rate-limits.server.ts).
 * It stays in this node's memory with several nodes too (REDIS_URL): a socket lives on one node, so
 * its messages are all counted here; a round trip to Redis per message would tax the vote path.
 * (An actor with sockets on two nodes gets a budget on each: docs/deploy.md.)
 */
export function createMessageBudget(
  { points, perSeconds }: { points: number; perSeconds: number },
  now: () => number = () => performance.now(),
) {
  const windowMs = perSeconds * 1000;
  let windowEnds = Number.NEGATIVE_INFINITY;
  let used = new Map<string, number>();
  return {
    /** Counts one message of `sender`; false once the sender has used up this window's budget. */
    take(sender: string): boolean {
      const at = now();
      if (at >= windowEnds) {
        used = new Map();
        windowEnds = at + windowMs;
      }
      const count = (used.get(sender) ?? 0) + 1;
      used.set(sender, count);
      return count <= points;
    },
  };
}
