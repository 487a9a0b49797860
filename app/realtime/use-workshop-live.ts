import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { type AppError, refuse } from "../domain/result";
import type { Ballot } from "../domain/sync";
import { applyEndorsements, applyEvents, applyTallies, type WorkshopEvent, type WorkshopState } from "../domain/workshop-state";
import { type FeedStep, feedOf, liveEvent, syncAnswered, syncFailed, syncStarted } from "./catch-up";
import type {
  AckResult,
  ClientEvent,
  ClientToServerEvents,
  HandshakeAuth,
  PayloadOf,
  Send,
  ServerToClientEvents,
} from "./protocol";

export type ConnectionStatus = "connecting" | "online" | "offline";
export type WorkshopSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SYNC_TIMEOUT_MS = 10_000;

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

/**
 * The live state of a workshop in the browser. The first state comes from the page's loader;
 * after that, socket events are applied with the same pure reducer the tests use. On every
 * (re)connect the client sends its last `seq` and applies what it missed — correctness never
 * depends on Socket.IO's own connection-state recovery.
 */
export function useWorkshopLive(
  initial: WorkshopState,
  auth: HandshakeAuth,
  initialBallot?: Ballot | null,
  initialEndorsed?: readonly string[],
) {
  const [state, setState] = useState(initial);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [authError, setAuthError] = useState<AppError | null>(null);
  /** Server clock minus this device's clock, so timers read the same on every screen. */
  const [clockOffset, setClockOffset] = useState(0);
  /** A participant's own points in the current vote step, as the server last confirmed them. */
  const [ballot, setBallot] = useState<Ballot | null>(initialBallot ?? null);
  /** The recommendations this participant endorsed, as the server last confirmed them. */
  const [endorsed, setEndorsed] = useState<readonly string[]>(initialEndorsed ?? []);
  const stateRef = useRef(state);
  const socketRef = useRef<WorkshopSocket | null>(null);
  const authKey = JSON.stringify(auth);

  // A fresher snapshot from the loader (after an action, a revalidation) replaces an older state.
  useEffect(() => {
    if (initial.seq > stateRef.current.seq) {
      stateRef.current = initial;
      setState(initial);
    }
  }, [initial]);

  useEffect(() => {
    const socket: WorkshopSocket = io({ auth: JSON.parse(authKey), reconnectionDelayMax: 5_000 });
    socketRef.current = socket;
    const commit = (next: WorkshopState) => {
      stateRef.current = next;
      setState(next);
    };

    // Live events and syncs go through one pure state machine (catch-up.ts): nothing is lost when
    // a sync's answer and newer events arrive together (the polling transport does that).
    let feed = feedOf(stateRef.current);
    const take = (step: FeedStep) => {
      feed = step.feed;
      commit(feed.state);
      if (step.sync) void sync();
    };
    let retry: ReturnType<typeof setTimeout> | null = null;
    /** Bumped when the connection drops: a sync asked on the old connection is abandoned. */
    let generation = 0;
    const sync = async () => {
      if (feed.syncing || !socket.connected) return;
      const asked = generation;
      feed = syncStarted({ ...feed, state: stateRef.current });
      const result = await request(socket, SYNC_TIMEOUT_MS, "workshop:sync", { lastSeq: stateRef.current.seq });
      if (asked !== generation) return;
      if (!result.ok) {
        // Refused or timed out: try again shortly (a reconnect syncs too).
        feed = syncFailed(feed).feed;
        retry ??= setTimeout(() => {
          retry = null;
          void sync();
        }, 2_000);
        return;
      }
      setClockOffset(result.data.serverTime - Date.now());
      const current = stateRef.current;
      const synced = result.data.mode === "snapshot" ? result.data.snapshot : applyEvents(current, result.data.events).state;
      // Totals that arrived during the sync may be newer than the sync's.
      const tallies =
        current.tallies &&
        result.data.tallies &&
        current.tallies.stepId === result.data.tallies.stepId &&
        current.tallies.upTo > result.data.tallies.upTo
          ? current.tallies
          : result.data.tallies;
      setBallot(result.data.ballot);
      setEndorsed(result.data.myEndorsements);
      take(syncAnswered(feed, applyEndorsements({ ...synced, tallies }, result.data.endorsements)));
    };

    const onEvent = (event: WorkshopEvent) => take(liveEvent({ ...feed, state: stateRef.current }, event));

    socket.on("connect", () => {
      setStatus("online");
      setAuthError(null);
      void sync();
    });
    socket.on("disconnect", () => {
      setStatus("offline");
      // The next connect syncs afresh; what was kept stays kept.
      generation += 1;
      feed = { ...feed, syncing: false };
    });
    socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      setStatus("offline");
      if (error.data?.code === "unauthenticated" || error.data?.code === "forbidden") {
        setAuthError({ code: error.data.code, message: error.message });
      }
    });
    socket.on("workshop:event", onEvent);
    socket.on("workshop:tallies", (update) => commit(applyTallies(stateRef.current, update)));
    socket.on("workshop:endorsements", (update) => commit(applyEndorsements(stateRef.current, update.counts)));
    socket.on("session:revoked", (error) => setAuthError(error));
    // The browser knows first when the network goes: stop using the socket (submissions queue in
    // the outbox) and reconnect as soon as it is back, instead of waiting for a ping to time out.
    const goOffline = () => {
      socket.disconnect();
      setStatus("offline");
    };
    const goOnline = () => socket.connect();
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    return () => {
      if (retry) clearTimeout(retry);
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      socket.disconnect();
      socketRef.current = null;
    };
  }, [authKey]);

  /** Sends one command and resolves with the server's answer (a timeout or no connection is an error too). */
  const send: Send = useCallback(async (event, payload) => {
    const socket = socketRef.current;
    if (!socket?.connected) return refuse("internal", "notConnected", "Not connected; try again in a moment.");
    return request(socket, SYNC_TIMEOUT_MS, event, payload);
  }, []);

  return { state, status, authError, socket: socketRef, clockOffset, send, ballot, setBallot, endorsed, setEndorsed };
}
