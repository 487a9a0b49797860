import { useCallback, useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";
import { type AppError, refuse } from "../domain/result";
import type { Ballot } from "../domain/sync";
import type { WorkshopState } from "../domain/workshop-state";
import { type ConnectionStatus, followWorkshop, request, SYNC_TIMEOUT_MS, type WorkshopSocket } from "./live-feed";
import type { HandshakeAuth, Send } from "./protocol";

export type { ConnectionStatus, WorkshopSocket } from "./live-feed";
export { request } from "./live-feed";

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
    const stop = followWorkshop(socket, {
      current: () => stateRef.current,
      commit: (next) => {
        stateRef.current = next;
        setState(next);
      },
      status: setStatus,
      authError: setAuthError,
      synced: (answer) => {
        setClockOffset(answer.serverTime - Date.now());
        setBallot(answer.ballot);
        setEndorsed(answer.myEndorsements);
      },
    });
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
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      stop();
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
