import { describe, expect, it } from "vitest";
import {
  isRetryable,
  newClientId,
  type OutboxItem,
  outboxKey,
  pending,
  readOutbox,
  submissionStatus,
  writeOutbox,
} from "./outbox";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

const item = (clientId: string, createdAt: number, extra: Partial<OutboxItem> = {}): OutboxItem => ({
  clientId,
  createdAt,
  payload: { kind: "challenge", clientId, title: `Challenge ${clientId}` },
  ...extra,
});

describe("the phone's outbox", () => {
  it("keeps what was typed offline across a reload, per workshop and participant", () => {
    const storage = memoryStorage();
    const key = outboxKey("w1", "p1");
    writeOutbox(storage, key, [item("a", 1), item("b", 2)]);
    expect(readOutbox(storage, key).map((i) => i.clientId)).toEqual(["a", "b"]);
    expect(readOutbox(storage, outboxKey("w1", "p2"))).toEqual([]);
    expect(readOutbox(storage, outboxKey("w2", "p1"))).toEqual([]);
  });

  it("survives corrupt or foreign storage content without throwing", () => {
    const key = outboxKey("w1", "p1");
    expect(readOutbox(memoryStorage({ [key]: "{not json" }), key)).toEqual([]);
    expect(readOutbox(memoryStorage({ [key]: '{"a":1}' }), key)).toEqual([]);
    expect(readOutbox(memoryStorage({ [key]: '[{"nope":true}, null]' }), key)).toEqual([]);
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

  it("sends the oldest first and never retries one the server refused for good", () => {
    const items = [
      item("late", 3),
      item("refused", 1, { error: { code: "conflict", message: "Step is over" } }),
      item("early", 2),
    ];
    expect(pending(items).map((i) => i.clientId)).toEqual(["early", "late"]);
  });

  it("tells its author a submission was refused, never that it was sent, and sent only once acknowledged", () => {
    const refused = item("refused", 1, { error: { code: "validation", message: "Too long" } });
    const waiting = item("waiting", 2);
    const items = [refused, waiting];
    const sent = new Set(["sent"]);
    expect(submissionStatus(items, sent, "refused")).toBe("refused");
    expect(submissionStatus(items, sent, "waiting")).toBe("waiting");
    expect(submissionStatus(items, sent, "sent")).toBe("sent");
    // Dismissed (or never made here): nothing to tell.
    expect(submissionStatus(items, sent, "unknown")).toBeNull();
  });

  it("retries only when the server was busy or broken, not when it said no", () => {
    expect(isRetryable({ code: "internal", message: "" })).toBe(true);
    expect(isRetryable({ code: "rate_limited", message: "" })).toBe(true);
    for (const code of ["validation", "conflict", "forbidden", "workshop_closed"] as const)
      expect(isRetryable({ code, message: "" })).toBe(false);
  });

  it("makes RFC 4122 version-4 client ids that the server accepts, different every time", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newClientId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId((b) => b.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
  });
});
