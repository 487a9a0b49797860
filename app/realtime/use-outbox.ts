import { useCallback, useEffect, useRef, useState } from "react";
import type { Result } from "../domain/result";
import {
  afterAnswer,
  enqueue,
  newClientId,
  type OutboxCommand,
  type OutboxItem,
  outboxKey,
  pending,
  readOutbox,
  type SentItem,
  type SubmitDraft,
  submissionStatus,
  writeOutbox,
} from "./outbox";
import { type ConnectionStatus, request, type WorkshopSocket } from "./use-workshop-live";

const SEND_TIMEOUT_MS = 10_000;
/** After a busy or broken answer while still connected, the next try (a reconnect tries at once). */
const RETRY_MS = 5_000;

/**
 * The phone's outbox: every write (submission, edit, withdrawal, vote, endorsement) is stored
 * first, then sent when connected; whatever is waiting is sent again, strictly in order, each time
 * the connection returns. `queue` takes the write as a function of its new client id.
 */
export function useOutbox(options: {
  workshopId: string;
  participantId: string;
  socket: { current: WorkshopSocket | null };
  status: ConnectionStatus;
  /** Called with each write the server accepted and its answer. */
  onSent: (sent: SentItem) => void;
}) {
  const { workshopId, participantId, socket, status, onSent } = options;
  const key = outboxKey(workshopId, participantId);
  const [items, setItems] = useState<OutboxItem[]>([]);
  // Client ids the server acknowledged since the page loaded: what tells "sent" from "refused".
  const [sent, setSent] = useState<ReadonlySet<string>>(() => new Set());
  const itemsRef = useRef<OutboxItem[]>([]);
  const flushing = useRef(false);
  /** The item on its way to the server: never replaced by a newer vote meanwhile. */
  const inFlight = useRef<string | null>(null);
  const retry = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  const commit = useCallback(
    (next: OutboxItem[]) => {
      itemsRef.current = next;
      setItems(next);
      writeOutbox(window.localStorage, key, next);
    },
    [key],
  );

  useEffect(() => {
    const stored = readOutbox(window.localStorage, key);
    itemsRef.current = stored;
    setItems(stored);
  }, [key]);

  const flush = useCallback(async () => {
    const current = socket.current;
    if (flushing.current || !current?.connected) return;
    flushing.current = true;
    try {
      // Read the queue afresh after each answer: what was added meanwhile is sent in this round.
      for (let item = pending(itemsRef.current)[0]; item && current.connected; item = pending(itemsRef.current)[0]) {
        inFlight.current = item.clientId;
        // Each item's event and payload belong together (OutboxCommand); the answer is that event's.
        const result: Result<unknown> = await request(current, SEND_TIMEOUT_MS, item.event, item.payload);
        inFlight.current = null;
        const next = afterAnswer(itemsRef.current, item.clientId, result);
        commit(next.items);
        if (result.ok) {
          const { clientId } = item;
          setSent((ids) => new Set(ids).add(clientId));
          onSentRef.current({ ...item, data: result.data } as SentItem);
        }
        if (next.stop) {
          // Busy, broken or silent: keep it, and everything behind it, for the next try.
          if (current.connected)
            retry.current ??= setTimeout(() => {
              retry.current = null;
              void flush();
            }, RETRY_MS);
          break;
        }
      }
    } finally {
      inFlight.current = null;
      flushing.current = false;
    }
  }, [socket, commit]);

  useEffect(() => {
    if (status === "online") void flush();
  }, [status, flush]);

  useEffect(
    () => () => {
      if (retry.current) clearTimeout(retry.current);
    },
    [],
  );

  /** Stores a write (before anything is sent) and sends it when it can; returns its client id. */
  const queue = useCallback(
    (build: (clientId: string) => OutboxCommand) => {
      const clientId = newClientId();
      const item = { ...build(clientId), clientId, createdAt: Date.now() } as OutboxItem;
      commit(enqueue(itemsRef.current, item, inFlight.current));
      void flush();
      return clientId;
    },
    [commit, flush],
  );

  const submit = useCallback(
    (draft: SubmitDraft) => queue((clientId) => ({ event: "contribution:submit", payload: { ...draft, clientId } })),
    [queue],
  );

  const dismiss = useCallback((clientId: string) => commit(itemsRef.current.filter((i) => i.clientId !== clientId)), [commit]);

  const statusOf = useCallback((clientId: string) => submissionStatus(items, sent, clientId), [items, sent]);

  return { items, queue, submit, dismiss, statusOf };
}
