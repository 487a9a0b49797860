import type { ServerOptions } from "socket.io";

/** A message, with the error when something failed (server.ts logs those to stderr). */
type Log = (message: string, error?: unknown) => void;

/** How long at most a Redis that does not answer holds an event of this node's own rooms. */
export const ADAPTER_COMMAND_MS = 500;

/** What a node gets from REDIS_URL: a client for the shared rate limits, Socket.IO's adapter, and how to let go. */
export type RedisConnections = {
  /** For `createRateLimits`: answers within a second or fails (then the limits fall back to this node's memory). */
  rateLimits: import("ioredis").Redis;
  /** Socket.IO's Redis Streams adapter: a room spans every node on this Redis. */
  adapter: NonNullable<ServerOptions["adapter"]>;
  /** Disconnects both clients (the adapter's own duplicates are closed with the Socket.IO server). */
  close: () => Promise<void>;
};

/** redis://user:password@host:port/db as it may be shown: without the password. */
export function redisAddress(url: string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = "***";
  return shown.toString();
}

/**
 * Connects to the Redis of REDIS_URL; a server that cannot reach it at start does not start (with
 * several nodes, one that starts alone would split every room in two). Loaded only when REDIS_URL
 * is set: ioredis and the adapter are imported here, at run time, never by the single-node server.
 *
 * Two clients: the adapter's (while Redis is away its messages fail at once, see below; it resumes
 * the stream when Redis is back) and the rate limits' (a command that does not answer within a
 * second fails, and `createRateLimits` then answers from this node's memory). The adapter opens two
 * more of its own (a blocking stream reader and a subscriber), duplicates of the first.
 */
export async function connectRedis(url: string, log: Log): Promise<RedisConnections> {
  const [{ Redis }, { createAdapter }] = await Promise.all([import("ioredis"), import("@socket.io/redis-streams-adapter")]);
  const where = redisAddress(url);
  const open = (name: string, options: import("ioredis").RedisOptions) => {
    const client = new Redis(url, { lazyConnect: true, connectionName: `helix-review:${name}`, ...options });
    // ioredis retries for ever (every 50 ms–2 s): one line when the connection is lost, one when it
    // is back (a failure to connect at start is the start's error, see connectOrExplain).
    let state: "starting" | "up" | "lost" = "starting";
    client.on("error", (error) => {
      if (state !== "up") return;
      state = "lost";
      log(`Redis (${where}, ${name}) is unreachable; retrying`, error);
    });
    client.on("ready", () => {
      if (state === "lost") log(`Redis (${where}, ${name}) is back.`);
      state = "up";
    });
    return client;
  };
  const adapterClient = open("adapter", {});
  const rateLimits = open("rate-limits", { commandTimeout: 1_000, maxRetriesPerRequest: 1 });
  const clients = [adapterClient, rateLimits];
  try {
    await Promise.all(clients.map((client) => connectOrExplain(client, where)));
  } catch (error) {
    for (const client of clients) client.disconnect();
    throw error;
  }
  // Made when Socket.IO first asks for it: only then does it open its own connections. A function,
  // not an arrow: Socket.IO calls it with `new`.
  let adapter: ReturnType<typeof createAdapter> | undefined;
  return {
    rateLimits,
    adapter: function redisStreamsAdapter(nsp) {
      if (!adapter) {
        adapter = createAdapter(adapterClient);
        // The adapter has made its reader and subscriber (duplicates, made at once, which wait for
        // Redis as long as it takes). Its own messages must not: it sends each to this node's
        // sockets only once Redis has answered, so every event of this node's rooms would wait as
        // long as Redis is away or stalled. Refused at once when Redis is away, given up after
        // ADAPTER_COMMAND_MS when it does not answer, they reach this node's sockets then; the
        // other nodes' screens get them late or not at all, and catch up by seq at the next event.
        Object.assign(adapterClient.options, { enableOfflineQueue: false, commandTimeout: ADAPTER_COMMAND_MS });
      }
      return adapter(nsp);
    },
    async close() {
      // QUIT where Redis answers; otherwise stop reconnecting at once (a Redis that is away must not hold the shutdown).
      await Promise.all(
        clients.map((client) =>
          client.status === "ready" ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
        ),
      );
    },
  };
}

/** Connects, or fails saying which Redis and why (ioredis itself only says "Connection is closed"). */
async function connectOrExplain(client: import("ioredis").Redis, where: string) {
  let cause: unknown;
  const remember = (error: unknown) => {
    cause ??= error;
  };
  client.on("error", remember);
  try {
    await client.connect();
  } catch (error) {
    const reason = (cause ?? error) as Error;
    throw new Error(`REDIS_URL: Redis at ${where} could not be reached (${reason.message}).`, { cause: reason });
  } finally {
    client.off("error", remember);
  }
}
