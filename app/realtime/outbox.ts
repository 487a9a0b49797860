import type { SubmitContributionInput } from "../domain/contributions";
import type { AppError, ErrorCode } from "../domain/result";
import type { AckOf, PayloadOf } from "./protocol";

/** `Omit` for each member of a union (a challenge or a solution), not only their common keys. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A submission as the phone's form hands it over: the outbox gives it its client id. */
export type SubmitDraft = OmitEach<SubmitContributionInput, "clientId">;

/** The writes a phone queues: everything a participant does that must survive a dead connection. */
export const QUEUED_EVENTS = [
  "contribution:submit",
  "contribution:edit",
  "contribution:withdraw",
  "vote:set",
  "recommendation:endorse",
] as const;
export type QueuedEvent = (typeof QUEUED_EVENTS)[number];

/**
 * What a queued write keeps besides what it sends: enough to tell its author what it was should
 * the server refuse it (the title of what it was about — the item may be gone by then), and for a
 * vote the points the item had on this phone before it (what coalescing needs).
 */
type Extra = {
  "contribution:submit": unknown;
  "contribution:edit": { about: string };
  "contribution:withdraw": { about: string };
  "vote:set": { about: string; from: number };
  "recommendation:endorse": { about: string };
};

/** One queued write: the message, its payload exactly as it will be sent, and what it was about. */
export type OutboxCommand = { [E in QueuedEvent]: { event: E; payload: PayloadOf<E> } & Extra[E] }[QueuedEvent];
export type CommandOf<E extends QueuedEvent> = Extract<OutboxCommand, { event: E }>;

/**
 * A write the phone has made but the server has not yet acknowledged, kept in localStorage so it
 * survives a reload. Its client id is in its payload too (but for a withdrawal, whose state tells a
 * retry): sending it twice never applies it twice.
 */
export type OutboxItem = OutboxCommand & {
  clientId: string;
  createdAt: number;
  /** Set when the server refused it for good (e.g. the step ended): shown, not retried. */
  error?: AppError;
};
/** A queued write the server accepted, with its answer. */
export type SentItem = { [E in QueuedEvent]: CommandOf<E> & { clientId: string; data: AckOf<E> } }[QueuedEvent];

type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

export const outboxKey = (workshopId: string, participantId: string) => `helix-review:outbox:${workshopId}:${participantId}`;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * One stored item, in today's shape, or null for what is not one. Items stored before the outbox
 * took every kind of write were submissions with no `event`: they are read as submissions.
 */
function storedItem(value: unknown): OutboxItem | null {
  if (!isObject(value) || typeof value.clientId !== "string" || !isObject(value.payload)) return null;
  const createdAt = typeof value.createdAt === "number" ? value.createdAt : 0;
  const event = value.event ?? "contribution:submit";
  if (!(QUEUED_EVENTS as readonly unknown[]).includes(event)) return null;
  // What a change was about (shown if it is refused); a submission carries its own text.
  const about = event === "contribution:submit" ? {} : { about: typeof value.about === "string" ? value.about : "" };
  const base = { ...value, event, ...about, createdAt } as OutboxItem;
  if (event === "contribution:submit" && value.event === undefined)
    return { ...base, payload: { ...value.payload, clientId: value.clientId } } as OutboxItem;
  if (event === "vote:set") {
    const points = value.payload.points;
    if (typeof points !== "number") return null;
    return { ...base, from: typeof value.from === "number" ? value.from : points } as OutboxItem;
  }
  return base;
}

export function readOutbox(storage: Storage, key: string): OutboxItem[] {
  try {
    const parsed = JSON.parse(storage.getItem(key) ?? "[]");
    return Array.isArray(parsed) ? parsed.flatMap((value) => storedItem(value) ?? []) : [];
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

/** Failures worth retrying later: the server was busy or broken (or did not answer), not a "no". */
const RETRYABLE: readonly ErrorCode[] = ["internal", "rate_limited"];
export const isRetryable = (error: AppError) => RETRYABLE.includes(error.code);

/** The items to send, in the order they were made; those refused for good are not sent again. */
export const pending = (items: readonly OutboxItem[]) => items.filter((i) => !i.error);
/** The items the server refused for good: shown to their author until dismissed. */
export const refused = (items: readonly OutboxItem[]) => items.filter((i) => i.error);

// Plain loops rather than findLastIndex / with / toSpliced: venue phones run older browsers too.
function lastIndex<T>(list: readonly T[], test: (value: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i])) return i;
  return -1;
}
const replaced = <T>(list: readonly T[], at: number, value: T) => list.map((v, i) => (i === at ? value : v));
const without = <T>(list: readonly T[], at: number) => list.filter((_, i) => i !== at);

type VoteItem = Extract<OutboxItem, { event: "vote:set" }>;
const isVote = (item: OutboxItem): item is VoteItem => item.event === "vote:set";
const sameVoteTarget = (a: VoteItem, b: VoteItem) =>
  a.payload.contributionId === b.payload.contributionId && a.payload.stepId === b.payload.stepId;

/**
 * Adds a write at the end of the queue. Votes are absolute (the points an item now has), so a
 * phone that taps ten times offline does not replay ten taps: a new vote on an item that already
 * has one waiting takes its place. Each vote was allowed when it was made (the budget counted what
 * waited before it), so the queue is kept such that the server, applying it in order, never meets
 * more points than the budget or the cap allow on the way:
 * - with no vote for another item after the waiting one, or with fewer points than it, the new
 *   vote replaces it where it stands (everything after it then counts the same or fewer points);
 * - with more points, the waiting one is dropped and the new one goes last, unless the waiting one
 *   freed points (it lowered the item) that a later vote may have spent: then both stay;
 * - a change back to where the item was before anything waited cancels out.
 * The write being sent (`inFlight`) is never replaced: its answer may already be on its way. A
 * replacing vote keeps its own client id, so a server that saw the one it replaces applies it.
 */
export function enqueue(items: readonly OutboxItem[], item: OutboxItem, inFlight: string | null = null): OutboxItem[] {
  if (item.event === "recommendation:endorse") {
    // An endorsement is a state too, and the budget does not care: the latest replaces a waiting one.
    const at = lastIndex(
      items,
      (i) =>
        i.event === "recommendation:endorse" &&
        !i.error &&
        i.clientId !== inFlight &&
        i.payload.recommendationId === item.payload.recommendationId,
    );
    return at === -1 ? [...items, item] : replaced(items, at, { ...item, createdAt: items[at].createdAt });
  }
  if (!isVote(item)) return [...items, item];
  const votes = (from: number, to?: number) => items.slice(from, to).filter((i): i is VoteItem => isVote(i) && !i.error);
  const at = lastIndex(items, (i) => isVote(i) && !i.error && sameVoteTarget(i, item));
  const waiting = items[at] as VoteItem | undefined;
  if (!waiting || waiting.clientId === inFlight) return [...items, item];
  const merged: VoteItem = { ...item, from: waiting.from };
  const first = !votes(0, at).some((v) => sameVoteTarget(v, item));
  if (first && merged.payload.points === merged.from) return without(items, at);
  const otherVoteAfter = votes(at + 1).some((v) => !sameVoteTarget(v, item));
  if (!otherVoteAfter || item.payload.points <= waiting.payload.points)
    return replaced(items, at, { ...merged, createdAt: waiting.createdAt });
  if (waiting.payload.points >= waiting.from) return [...without(items, at), merged];
  return [...items, item];
}

/**
 * The queue after the server's answer to one item: accepted, it leaves; refused for good, it stays
 * marked with the reason; busy, broken or silent, it stays as it was and sending stops until later
 * (the next items wait behind it: they are sent strictly in order).
 */
export function afterAnswer(
  items: readonly OutboxItem[],
  clientId: string,
  result: { ok: true } | { ok: false; error: AppError },
): { items: OutboxItem[]; stop: boolean } {
  if (result.ok) return { items: items.filter((i) => i.clientId !== clientId), stop: false };
  if (isRetryable(result.error)) return { items: [...items], stop: true };
  return { items: items.map((i) => (i.clientId === clientId ? { ...i, error: result.error } : i)), stop: false };
}

/** The points this phone has given but the server has not yet confirmed, by item, in one vote step. */
export function queuedVotes(items: readonly OutboxItem[], stepId: string): Map<string, number> {
  const points = new Map<string, number>();
  for (const item of pending(items))
    if (isVote(item) && item.payload.stepId === stepId) points.set(item.payload.contributionId, item.payload.points);
  return points;
}

/** Endorsements given or taken back on this phone, not yet confirmed, by recommendation. */
export function queuedEndorsements(items: readonly OutboxItem[]): Map<string, boolean> {
  const endorsed = new Map<string, boolean>();
  for (const item of pending(items))
    if (item.event === "recommendation:endorse") endorsed.set(item.payload.recommendationId, item.payload.endorsed);
  return endorsed;
}

/** What waits to be sent for one of the author's contributions: its withdrawal, or its latest wording. */
export function queuedChange(
  items: readonly OutboxItem[],
  contributionId: string,
): { kind: "withdraw" } | { kind: "edit"; title: string; body: string | null } | null {
  let change: ReturnType<typeof queuedChange> = null;
  for (const item of pending(items)) {
    if (item.event === "contribution:withdraw" && item.payload.contributionId === contributionId) change = { kind: "withdraw" };
    if (item.event === "contribution:edit" && item.payload.contributionId === contributionId)
      change = { kind: "edit", title: item.payload.title, body: item.payload.body ?? null };
  }
  return change;
}

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
