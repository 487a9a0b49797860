import { describe, expect, it, vi } from "vitest";
import { ok } from "../../domain/result";
import { type Ballot, type Cast, createVoteQueue, type Numbered, numberVotes, voteAnswer } from "./ballot-box";

const ballot = (workshopId: string, clientId: string): Ballot => ({
  actor: { kind: "participant", participantId: `p-${clientId}`, workshopId },
  workshopId,
  input: { clientId },
});
const applied = (applied: boolean): Cast =>
  ok({ ack: { contributionId: "c", points: 1, remaining: 4 }, stepId: "s", applied, roomSeesTotals: true });
const castAll = (batch: Ballot[]): Numbered[] => batch.map((_, i) => ({ outcome: applied(true), seq: i + 1 }));
const answer = (_ballot: Ballot, outcome: Cast, seq: number) => voteAnswer(outcome, seq);
const clientIds = (batch: Ballot[]) => batch.map((b) => (b.input as { clientId: string }).clientId);
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("the vote queue's group commit", () => {
  it("casts the votes queued in one turn of the event loop as one batch, in order, and answers each", async () => {
    const castBatch = vi.fn(castAll);
    const queue = createVoteQueue(castBatch, answer);
    const answers = await Promise.all(["a", "b", "c"].map((id) => queue(ballot("w", id))));
    expect(castBatch).toHaveBeenCalledTimes(1);
    expect(clientIds(castBatch.mock.calls[0][0])).toEqual(["a", "b", "c"]);
    expect(answers.map((a) => a.ok && a.data.voteSeq)).toEqual([1, 2, 3]);
  });

  it("keeps one asynchronous batch in flight: votes arriving meanwhile wait and go together as the next batch", async () => {
    const releases: (() => void)[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const castBatch = vi.fn((batch: Ballot[]) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      return new Promise<Numbered[]>((resolve) =>
        releases.push(() => {
          inFlight -= 1;
          resolve(castAll(batch));
        }),
      );
    });
    const queue = createVoteQueue(castBatch, answer);
    const first = ["a", "b"].map((id) => queue(ballot("w", id)));
    await turn();
    expect(castBatch).toHaveBeenCalledTimes(1);
    const second = ["c", "d", "e"].map((id) => queue(ballot("w", id)));
    await turn();
    await turn();
    expect(castBatch).toHaveBeenCalledTimes(1); // still waiting for the first batch to commit
    releases[0]();
    expect((await Promise.all(first)).every((a) => a.ok)).toBe(true);
    await turn();
    expect(castBatch).toHaveBeenCalledTimes(2);
    expect(clientIds(castBatch.mock.calls[1][0])).toEqual(["c", "d", "e"]);
    releases[1]();
    expect((await Promise.all(second)).map((a) => a.ok && a.data.voteSeq)).toEqual([1, 2, 3]);
    expect(mostInFlight).toBe(1);
  });

  it("a batch that fails — thrown or rejected — tells each sender their vote was not counted, and the next batch goes on", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      let calls = 0;
      const queue = createVoteQueue((batch) => {
        calls += 1;
        if (calls === 1) throw new Error("disk full");
        if (calls === 2) return Promise.reject(new Error("connection lost"));
        return castAll(batch);
      }, answer);
      for (let attempt = 0; attempt < 2; attempt++) {
        const answers = await Promise.all(["a", "b"].map((id) => queue(ballot("w", id))));
        for (const a of answers)
          expect(a).toMatchObject({ ok: false, error: { code: "internal", reason: { key: "voteNotCounted" } } });
      }
      expect((await queue(ballot("w", "c"))).ok).toBe(true);
      expect(error).toHaveBeenCalledTimes(2);
    } finally {
      error.mockRestore();
    }
  });
});

describe("vote numbers", () => {
  it("each applied vote takes the next number of its workshop; a retry or a refusal takes none", () => {
    const batch = [ballot("w1", "a"), ballot("w2", "b"), ballot("w1", "c"), ballot("w1", "d"), ballot("w2", "e")];
    const refused: Cast = { ok: false, error: { code: "validation", message: "no" } };
    const outcomes = [applied(true), applied(true), applied(false), refused, applied(true)];
    const before = { w1: 10, w2: 3 } as Record<string, number>;
    expect(numberVotes(batch, outcomes, (w) => before[w])).toEqual([11, 4, 11, 0, 5]);
  });
});
