import { describe, expect, it } from "vitest";
import { voteRefusal } from "../domain/voting";
import {
  afterAnswer,
  enqueue,
  isRetryable,
  newClientId,
  type OutboxItem,
  outboxKey,
  pending,
  queuedChange,
  queuedEndorsements,
  queuedVotes,
  readOutbox,
  refused,
  submissionStatus,
  writeOutbox,
} from "./outbox";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

const item = (clientId: string, createdAt: number, extra: Partial<OutboxItem> = {}): OutboxItem =>
  ({
    event: "contribution:submit",
    clientId,
    createdAt,
    payload: { kind: "challenge", clientId, title: `Challenge ${clientId}` },
    ...extra,
  }) as OutboxItem;

let clock = 0;
/** A vote as the phone queues it: `from` the points the item showed, `to` the points it now gets. */
const vote = (clientId: string, contributionId: string, from: number, to: number, stepId = "s1"): OutboxItem => ({
  event: "vote:set",
  clientId,
  createdAt: ++clock,
  payload: { clientId, contributionId, points: to, stepId },
  about: `Item ${contributionId}`,
  from,
});
const endorse = (clientId: string, recommendationId: string, endorsed: boolean): OutboxItem => ({
  event: "recommendation:endorse",
  clientId,
  createdAt: ++clock,
  payload: { clientId, recommendationId, endorsed },
  about: `Recommendation ${recommendationId}`,
});
const edit = (clientId: string, contributionId: string, title: string): OutboxItem => ({
  event: "contribution:edit",
  clientId,
  createdAt: ++clock,
  payload: { clientId, contributionId, title, body: "" },
  about: "Before",
});
const withdraw = (clientId: string, contributionId: string): OutboxItem => ({
  event: "contribution:withdraw",
  clientId,
  createdAt: ++clock,
  payload: { contributionId },
  about: "Before",
});

/** Queues each tap in turn, as the phone does. */
const tap = (...taps: OutboxItem[]) => taps.reduce<OutboxItem[]>((items, next) => enqueue(items, next), []);
const ids = (items: readonly OutboxItem[]) => items.map((i) => i.clientId);
const sent = (items: readonly OutboxItem[]) =>
  items.map((i) => (i.event === "vote:set" ? `${i.payload.contributionId}=${i.payload.points}` : i.event));

/**
 * Applies the queue in order to a server holding `start`, with the domain's own rule, as the
 * voting service does: what it refuses on the way would be a vote lost for nothing.
 */
function replay(start: Record<string, number>, items: readonly OutboxItem[], settings = { budget: 5, cap: 3 }) {
  const stored = new Map(Object.entries(start));
  for (const i of items) {
    if (i.event !== "vote:set") continue;
    const refusal = voteRefusal(stored, i.payload.contributionId, i.payload.points, settings);
    if (refusal) return { refused: `${i.payload.contributionId}=${i.payload.points}: ${refusal.key}` };
    stored.set(i.payload.contributionId, i.payload.points);
  }
  return Object.fromEntries([...stored].filter(([, p]) => p > 0));
}

describe("the phone's outbox: storage", () => {
  it("keeps what was done offline across a reload, per workshop and participant, every kind of write", () => {
    const storage = memoryStorage();
    const key = outboxKey("w1", "p1");
    const items = [item("a", 1), edit("b", "c1", "New"), withdraw("c", "c2"), vote("d", "x", 0, 2), endorse("e", "r1", true)];
    writeOutbox(storage, key, items);
    expect(readOutbox(storage, key)).toEqual(items);
    expect(readOutbox(storage, outboxKey("w1", "p2"))).toEqual([]);
    expect(readOutbox(storage, outboxKey("w2", "p1"))).toEqual([]);
  });

  it("reads submissions stored before the outbox took every kind of write, in the order they were made", () => {
    const key = outboxKey("w1", "p1");
    const old = [
      { clientId: "old-1", createdAt: 5, payload: { kind: "challenge", title: "Stored by the old phone app" } },
      {
        clientId: "old-2",
        createdAt: 6,
        payload: { kind: "solution", clientId: "old-2", title: "A refused one", challengeId: "c1" },
        error: { code: "conflict", message: "Step is over" },
      },
    ];
    const read = readOutbox(memoryStorage({ [key]: JSON.stringify(old) }), key);
    expect(read).toEqual([
      {
        event: "contribution:submit",
        clientId: "old-1",
        createdAt: 5,
        payload: { kind: "challenge", title: "Stored by the old phone app", clientId: "old-1" },
      },
      {
        event: "contribution:submit",
        clientId: "old-2",
        createdAt: 6,
        payload: { kind: "solution", clientId: "old-2", title: "A refused one", challengeId: "c1" },
        error: { code: "conflict", message: "Step is over" },
      },
    ]);
    expect(ids(pending(read))).toEqual(["old-1"]);
    expect(ids(refused(read))).toEqual(["old-2"]);
  });

  it("survives corrupt or foreign storage content without throwing, and skips what it does not know", () => {
    const key = outboxKey("w1", "p1");
    expect(readOutbox(memoryStorage({ [key]: "{not json" }), key)).toEqual([]);
    expect(readOutbox(memoryStorage({ [key]: '{"a":1}' }), key)).toEqual([]);
    expect(readOutbox(memoryStorage({ [key]: '[{"nope":true}, null, 3]' }), key)).toEqual([]);
    const foreign = [
      { event: "agenda:goToStep", clientId: "x1", createdAt: 1, payload: { stepId: "s" } },
      { event: "vote:set", clientId: "x2", createdAt: 1, payload: { contributionId: "c" } },
      { event: "vote:set", clientId: "x3", createdAt: 1, payload: { clientId: "x3", contributionId: "c", points: 2 } },
    ];
    const read = readOutbox(memoryStorage({ [key]: JSON.stringify(foreign) }), key);
    // A vote stored without what it changed from counts as changing nothing before it.
    expect(read).toEqual([{ ...foreign[2], about: "", from: 2 }]);
  });

  it("does not lose the in-memory item when storage refuses to write (private mode, full)", () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => writeOutbox(refusing, "k", [item("a", 1)])).not.toThrow();
  });
});

describe("the phone's outbox: order", () => {
  it("sends everything in the order it was made, whatever the kind, and never one refused for good again", () => {
    const items = tap(
      item("submit", 1),
      vote("v1", "x", 0, 1),
      edit("edit", "c1", "Reworded"),
      item("refused", 2, { error: { code: "conflict", message: "Step is over" } }),
      endorse("e1", "r1", true),
      withdraw("withdraw", "c2"),
    );
    expect(ids(pending(items))).toEqual(["submit", "v1", "edit", "e1", "withdraw"]);
    expect(ids(refused(items))).toEqual(["refused"]);
  });

  it("removes what the server accepted, and keeps on with the next", () => {
    const items = tap(item("a", 1), item("b", 2));
    expect(afterAnswer(items, "a", { ok: true })).toEqual({ items: [items[1]], stop: false });
  });

  it("keeps a write the server was too busy or broken to answer, and everything behind it, and stops for now", () => {
    const items = tap(item("a", 1), vote("b", "x", 0, 1));
    for (const code of ["internal", "rate_limited"] as const) {
      const after = afterAnswer(items, "a", { ok: false, error: { code, message: "" } });
      expect(after).toEqual({ items, stop: true });
      expect(ids(pending(after.items))).toEqual(["a", "b"]);
    }
  });

  it("marks a write the server refused for good with the reason, and goes on with the next", () => {
    const items = tap(vote("a", "x", 0, 1), endorse("b", "r1", true));
    const error = { code: "conflict" as const, message: "Voting is not open", fields: { points: { key: "voteOver" } } };
    const after = afterAnswer(items, "a", { ok: false, error });
    expect(after.stop).toBe(false);
    expect(refused(after.items)).toEqual([{ ...items[0], error }]);
    expect(ids(pending(after.items))).toEqual(["b"]);
  });

  it("retries only when the server was busy or broken, not when it said no", () => {
    expect(isRetryable({ code: "internal", message: "" })).toBe(true);
    expect(isRetryable({ code: "rate_limited", message: "" })).toBe(true);
    for (const code of ["validation", "conflict", "forbidden", "workshop_closed", "not_found"] as const)
      expect(isRetryable({ code, message: "" })).toBe(false);
  });
});

describe("the phone's outbox: votes are coalesced", () => {
  it("ten taps on one item offline send one vote, with the last points and the last tap's client id", () => {
    const taps = Array.from({ length: 3 }, (_, i) => vote(`t${i}`, "x", i, i + 1));
    const items = tap(...taps, vote("down", "x", 3, 2));
    expect(sent(items)).toEqual(["x=2"]);
    expect(items[0]).toMatchObject({ clientId: "down", from: 0, payload: { clientId: "down", points: 2 } });
  });

  it("a tap and its undo cancel out: nothing is sent", () => {
    expect(tap(vote("up", "x", 1, 2), vote("down", "x", 2, 1))).toEqual([]);
  });

  it("keeps one vote per item across items, the latest points each, applied within the budget all the way", () => {
    const items = tap(
      vote("a1", "a", 0, 1),
      vote("b1", "b", 0, 1),
      vote("a2", "a", 1, 2),
      vote("b2", "b", 1, 2),
      vote("a3", "a", 2, 3),
    );
    expect(sent(items)).toEqual(["b=2", "a=3"]);
    expect(replay({}, items)).toEqual({ a: 3, b: 2 });
  });

  it("does not move a vote that freed points ahead of the votes that spent them", () => {
    // Budget 5, all spent on the server (a=3, b=2). Offline, a gives points to c, one at a time.
    const start = { a: 3, b: 2 };
    const items = tap(vote("a-", "a", 3, 2), vote("c+", "c", 0, 1), vote("a--", "a", 2, 1), vote("c++", "c", 1, 2));
    expect(replay(start, items)).toEqual({ a: 1, b: 2, c: 2 });
    // And a raise after a lowering, with another vote between, keeps both rather than overspend.
    const raised = tap(vote("a-", "a", 3, 2), vote("c+", "c", 0, 1), vote("c-", "c", 1, 0), vote("a+", "a", 2, 3));
    expect(replay(start, raised)).toEqual({ a: 3, b: 2 });
    const tricky = tap(vote("a-", "a", 3, 1), vote("c+", "c", 0, 2), vote("c-", "c", 2, 0), vote("a+", "a", 1, 3));
    expect(replay(start, tricky)).toEqual({ a: 3, b: 2 });
  });

  it("whatever the taps, the coalesced queue reaches the same points as the taps and never meets a refusal", () => {
    // A seeded walk of random allowed taps over three items, many times.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const settings = { budget: 5, cap: 3 };
    for (let run = 0; run < 300; run++) {
      const start: Record<string, number> = random() < 0.5 ? {} : { a: 2, b: 1 };
      const shown = new Map(Object.entries(start));
      let items: OutboxItem[] = [];
      const taps: OutboxItem[] = [];
      for (let n = 0; n < 12; n++) {
        const target = ["a", "b", "c"][Math.floor(random() * 3)];
        const from = shown.get(target) ?? 0;
        const to = random() < 0.6 ? from + 1 : from - 1;
        if (to < 0 || voteRefusal(shown, target, to, settings)) continue;
        const next = vote(`r${run}-${n}`, target, from, to);
        taps.push(next);
        items = enqueue(items, next);
        shown.set(target, to);
      }
      expect(replay(start, items, settings), `run ${run}: ${sent(taps).join(" ")} → ${sent(items).join(" ")}`).toEqual(
        Object.fromEntries([...shown].filter(([, p]) => p > 0)),
      );
      expect(items.length).toBeLessThanOrEqual(taps.length);
    }
  });

  it("never replaces the vote on its way to the server, nor one of another vote step, nor one refused", () => {
    const first = vote("in-flight", "x", 0, 1);
    expect(ids(enqueue([first], vote("next", "x", 1, 2), "in-flight"))).toEqual(["in-flight", "next"]);
    expect(ids(tap(vote("s1", "x", 0, 1, "s1"), vote("s2", "x", 0, 1, "s2")))).toEqual(["s1", "s2"]);
    const wasRefused = { ...vote("no", "x", 0, 1), error: { code: "conflict" as const, message: "" } };
    expect(ids(enqueue([wasRefused], vote("again", "x", 0, 1)))).toEqual(["no", "again"]);
  });

  it("shows the points waiting for the current vote step, the latest per item", () => {
    const items = tap(vote("a", "x", 0, 1), vote("b", "y", 0, 2), vote("c", "x", 0, 1, "other-step"));
    expect(queuedVotes(items, "s1")).toEqual(
      new Map([
        ["x", 1],
        ["y", 2],
      ]),
    );
    expect(queuedVotes(items, "other-step")).toEqual(new Map([["x", 1]]));
  });
});

describe("the phone's outbox: endorsements and own contributions", () => {
  it("keeps the latest endorsement of a recommendation in place of one waiting", () => {
    const items = tap(endorse("e1", "r1", true), endorse("e2", "r2", true), endorse("e3", "r1", false));
    expect(ids(items)).toEqual(["e3", "e2"]);
    expect(queuedEndorsements(items)).toEqual(
      new Map([
        ["r1", false],
        ["r2", true],
      ]),
    );
  });

  it("keeps edits and withdrawals as made, and tells what waits for each contribution", () => {
    const items = tap(edit("e1", "c1", "First"), edit("e2", "c1", "Second"), withdraw("w", "c2"));
    expect(ids(items)).toEqual(["e1", "e2", "w"]);
    expect(queuedChange(items, "c1")).toEqual({ kind: "edit", title: "Second", body: "" });
    expect(queuedChange(items, "c2")).toEqual({ kind: "withdraw" });
    expect(queuedChange(items, "c3")).toBeNull();
  });
});

describe("the phone's outbox: what a submission's author is told", () => {
  it("tells its author a submission was refused, never that it was sent, and sent only once acknowledged", () => {
    const refusedItem = item("refused", 1, { error: { code: "validation", message: "Too long" } });
    const waiting = item("waiting", 2);
    const items = [refusedItem, waiting];
    const sentIds = new Set(["sent"]);
    expect(submissionStatus(items, sentIds, "refused")).toBe("refused");
    expect(submissionStatus(items, sentIds, "waiting")).toBe("waiting");
    expect(submissionStatus(items, sentIds, "sent")).toBe("sent");
    // Dismissed (or never made here): nothing to tell.
    expect(submissionStatus(items, sentIds, "unknown")).toBeNull();
  });

  it("makes RFC 4122 version-4 client ids that the server accepts, different every time", () => {
    const many = new Set(Array.from({ length: 200 }, () => newClientId()));
    expect(many.size).toBe(200);
    for (const id of many) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId((b) => b.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
  });
});
