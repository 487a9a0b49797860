import type { SubmitContributionInput } from "../domain/contributions";
import type { AppError, ErrorCode } from "../domain/result";

/** `Omit` for each member of a union (a challenge or a solution), not only their common keys. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A submission as the phone's form hands it over: the outbox gives it its client id. */
export type SubmitDraft = OmitEach<SubmitContributionInput, "clientId">;

/**
 * Submissions a phone has made but the server has not yet acknowledged. Kept in localStorage so
 * they survive a reload; each carries its client id, so sending twice never stores twice.
 */
export type OutboxItem = {
  clientId: string;
  payload: SubmitContributionInput;
  createdAt: number;
  /** Set when the server refused it for good (e.g. the step ended): shown, not retried. */
  error?: AppError;
};

type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

export const outboxKey = (workshopId: string, participantId: string) => `helix-review:outbox:${workshopId}:${participantId}`;

export function readOutbox(storage: Storage, key: string): OutboxItem[] {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((i) => typeof i?.clientId === "string" && i.payload) : [];
  } catch {
    return [];
  }
}

export function writeOutbox(storage: Storage, key: string, items: readonly OutboxItem[]) {
  try {
    storage.setItem(key, JSON.stringify(items));
  } catch {
    // Storage full or disabled (private mode): the item still lives in memory until sent.
  }
}

/** Failures worth retrying later: the server was busy or broken, not a "no". */
const RETRYABLE: readonly ErrorCode[] = ["internal", "rate_limited"];
export const isRetryable = (error: AppError) => RETRYABLE.includes(error.code);

/** The items to send now: not refused for good, oldest first. */
export const pending = (items: readonly OutboxItem[]) => items.filter((i) => !i.error).sort((a, b) => a.createdAt - b.createdAt);

/**
 * Where one submission stands, as its author is told: still waiting to be sent, sent (the server
 * stored it), or refused for good. Sent items leave the outbox, so `sent` holds the client ids the
 * server acknowledged; null for an id this phone does not know (e.g. dismissed).
 */
export type SubmissionStatus = "waiting" | "sent" | "refused";
export function submissionStatus(
  items: readonly OutboxItem[],
  sent: ReadonlySet<string>,
  clientId: string,
): SubmissionStatus | null {
  if (sent.has(clientId)) return "sent";
  const item = items.find((i) => i.clientId === clientId);
  if (!item) return null;
  return item.error ? "refused" : "waiting";
}

/** A UUID v4 from getRandomValues, which (unlike randomUUID) also works on plain-http venue networks. */
export function newClientId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
