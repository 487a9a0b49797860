import type { Socket } from "socket.io-client";
import { type AppError, type ErrorCode, refuse } from "../domain/result";
import type { SyncResult } from "../domain/sync";
import { applyEndorsements, applyEvents, applyTallies, type WorkshopEvent, type WorkshopState } from "../domain/workshop-state";
import { type FeedStep, feedOf, liveEvent, syncAnswered, syncFailed, syncStarted } from "./catch-up";
import type { AckResult, ClientEvent, ClientToServerEvents, PayloadOf, Send, ServerToClientEvents } from "./protocol";

export type ConnectionStatus = "connecting" | "online" | "offline";
export type WorkshopSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const SYNC_TIMEOUT_MS = 10_000;
/** After a failed sync, the next one (a reconnect syncs too). */
const SYNC_RETRY_MS = 2_000;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** `emitWithAck` as one signature per message of the protocol (an overload each). */
type EmitEachEvent = UnionToIntersection<
  { [E in ClientEvent]: (event: E, payload: PayloadOf<E>) => Promise<AckResult<E>> }[ClientEvent]
>;

/**
 * Sends one message and resolves with the server's answer; no answer within `timeoutMs` is an
 * `internal` error. Socket.IO types `emitWithAck` with conditional types that TypeScript cannot
 * resolve for a generic event, so the method is checked against every event's own signature
 * (`EmitEachEvent`: the payloads; after `timeout()` Socket.IO types the answer as `any`, which the
 * server's handler table checks instead), and that overload set is then called generically.
 */
export async function request<E extends ClientEvent>(
  socket: WorkshopSocket,
  timeoutMs: number,
  event: E,
  payload: PayloadOf<E>,
): Promise<AckResult<E>> {
  const timed = socket.timeout(timeoutMs);
  const eachEvent: EmitEachEvent = timed.emitWithAck.bind(timed);
  const emit: Send = eachEvent;
  try {
    return await emit(event, payload);
  } catch {
    return refuse("internal", "noAnswer", "No answer from the server; try again.");
  }
}

/** Handshake refusals that pass: the server was busy (too many phones at once) or failed. */
const RETRY_HANDSHAKE: readonly string[] = ["rate_limited", "internal"] satisfies ErrorCode[];
/** Handshake refusals that end the page's connection: it must be told, not retried. */
const AUTH_REFUSALS: readonly string[] = ["unauthenticated", "forbidden"] satisfies ErrorCode[];

export type LiveHandlers = {
  /** The state the screen holds now. */
  current: () => WorkshopState;
  /** The screen's new state. */
  commit: (state: WorkshopState) => void;
  status?: (status: ConnectionStatus) => void;
  /** The credentials stopped being valid (null: they work again). */
  authError?: (error: AppError | null) => void;
  /** A sync's answer, after its state was applied (for the clock, the ballot, endorsements). */
  synced?: (answer: SyncResult) => void;
  connectError?: (error: Error & { data?: { code?: string; reason?: { key: string } } }) => void;
  /** When the next handshake is tried after a passing refusal (default: 2–7 s, spread). */
  handshakeRetryMs?: () => number;
};

/**
 * How a screen follows its workshop over one socket, in the browser (useWorkshopLive) and in the
 * restart test's thousand phones alike. Live events and syncs go through one pure state machine
 * (catch-up.ts): nothing is lost when a sync's answer and newer events arrive together (the
 * polling transport does that). Every (re)connect syncs from the last `seq`. A handshake the
 * server refused because it was busy is tried again later — Socket.IO gives up on a refused
 * handshake, and a phone must not stay offline until someone reloads it. Returns `stop`.
 */
export function followWorkshop(socket: WorkshopSocket, on: LiveHandlers): () => void {
  let feed = feedOf(on.current());
  const take = (step: FeedStep) => {
    feed = step.feed;
    on.commit(feed.state);
    if (step.sync) void sync();
  };
  let retry: ReturnType<typeof setTimeout> | null = null;
  let handshakeRetry: ReturnType<typeof setTimeout> | null = null;
  /** Bumped when the connection drops: a sync asked on the old connection is abandoned. */
  let generation = 0;
  let stopped = false;

  const sync = async () => {
    if (feed.syncing || !socket.connected) return;
    const asked = generation;
    feed = syncStarted({ ...feed, state: on.current() });
    const result = await request(socket, SYNC_TIMEOUT_MS, "workshop:sync", { lastSeq: on.current().seq });
    if (asked !== generation || stopped) return;
    if (!result.ok) {
      feed = syncFailed(feed).feed;
      retry ??= setTimeout(() => {
        retry = null;
        void sync();
      }, SYNC_RETRY_MS);
      return;
    }
    const current = on.current();
    const synced = result.data.mode === "snapshot" ? result.data.snapshot : applyEvents(current, result.data.events).state;
    // Totals that arrived during the sync may be newer than the sync's.
    const tallies =
      current.tallies &&
      result.data.tallies &&
      current.tallies.stepId === result.data.tallies.stepId &&
      current.tallies.upTo > result.data.tallies.upTo
        ? current.tallies
        : result.data.tallies;
    take(syncAnswered(feed, applyEndorsements({ ...synced, tallies }, result.data.endorsements)));
    on.synced?.(result.data);
  };

  socket.on("connect", () => {
    on.status?.("online");
    on.authError?.(null);
    void sync();
  });
  socket.on("disconnect", () => {
    on.status?.("offline");
    // The next connect syncs afresh; what was kept stays kept.
    generation += 1;
    feed = { ...feed, syncing: false };
  });
  socket.on("connect_error", (error: Error & { data?: { code?: string; reason?: { key: string } } }) => {
    on.status?.("offline");
    on.connectError?.(error);
    const code = error.data?.code ?? "";
    // The reason says why (e.g. this participant was removed), for the screen to tell its user.
    const reason = error.data?.reason;
    if (AUTH_REFUSALS.includes(code))
      on.authError?.({ code: code as ErrorCode, message: error.message, ...(reason ? { reason } : {}) });
    else if (RETRY_HANDSHAKE.includes(code) && !socket.active && !handshakeRetry) {
      handshakeRetry = setTimeout(
        () => {
          handshakeRetry = null;
          if (!stopped) socket.connect();
        },
        on.handshakeRetryMs?.() ?? 2_000 + Math.random() * 5_000,
      );
    }
  });
  socket.on("workshop:event", (event: WorkshopEvent) => take(liveEvent({ ...feed, state: on.current() }, event)));
  socket.on("workshop:tallies", (update) => on.commit(applyTallies(on.current(), update)));
  socket.on("workshop:endorsements", (update) => on.commit(applyEndorsements(on.current(), update.counts)));
  socket.on("session:revoked", (error) => on.authError?.(error));

  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    if (handshakeRetry) clearTimeout(handshakeRetry);
    socket.disconnect();
  };
}
