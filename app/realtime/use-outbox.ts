import { useCallback, useEffect, useRef, useState } from "react";
import type { ContributionView } from "../domain/contributions";
import {
  isRetryable,
  newClientId,
  type OutboxItem,
  outboxKey,
  pending,
  readOutbox,
  type SubmitDraft,
  submissionStatus,
  writeOutbox,
} from "./outbox";
import { type ConnectionStatus, request, type WorkshopSocket } from "./use-workshop-live";

const SEND_TIMEOUT_MS = 10_000;

/**
 * The phone's outbox: `submit` stores the item first, then sends it when connected; whatever is
 * waiting is sent again, in order, each time the connection returns.
 */
export function useOutbox(options: {
  workshopId: string;
  participantId: string;
  socket: { current: WorkshopSocket | null };
  status: ConnectionStatus;
  onSent: (contribution: ContributionView) => void;
}) {
  const { workshopId, participantId, socket, status, onSent } = options;
  const key = outboxKey(workshopId, participantId);
  const [items, setItems] = useState<OutboxItem[]>([]);
  // Client ids the server acknowledged since the page loaded: what tells "sent" from "refused".
  const [sent, setSent] = useState<ReadonlySet<string>>(() => new Set());
  const itemsRef = useRef<OutboxItem[]>([]);
  const flushing = useRef(false);
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
      for (const item of pending(itemsRef.current)) {
        if (!current.connected) break;
        const payload = { ...item.payload, clientId: item.clientId };
        const result = await request(current, SEND_TIMEOUT_MS, "contribution:submit", payload);
        if (result.ok) {
          setSent((ids) => new Set(ids).add(item.clientId));
          commit(itemsRef.current.filter((i) => i.clientId !== item.clientId));
          onSentRef.current(result.data);
        } else if (isRetryable(result.error)) {
          break; // No answer in time, or the server was busy: keep it, try again on the next connection.
        } else {
          commit(itemsRef.current.map((i) => (i.clientId === item.clientId ? { ...i, error: result.error } : i)));
        }
      }
    } finally {
      flushing.current = false;
    }
  }, [socket, commit]);

  useEffect(() => {
    if (status === "online") void flush();
  }, [status, flush]);

  const submit = useCallback(
    (draft: SubmitDraft) => {
      const clientId = newClientId();
      const item: OutboxItem = { clientId, payload: { ...draft, clientId }, createdAt: Date.now() };
      commit([...itemsRef.current, item]);
      void flush();
      return item.clientId;
    },
    [commit, flush],
  );

  const dismiss = useCallback((clientId: string) => commit(itemsRef.current.filter((i) => i.clientId !== clientId)), [commit]);

  const statusOf = useCallback((clientId: string) => submissionStatus(items, sent, clientId), [items, sent]);

  return { items, submit, dismiss, statusOf };
}
