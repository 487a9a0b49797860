import { describe, expect, it } from "vitest";
import { ballotKind } from "./step-kinds";
import { defaultVoteSettings, electorateChanges, mergedPoints, remainingPoints, setVoteSchema, voteRefusal } from "./voting";

const rules = { budget: 5, cap: 3 };
const given = (entries: [string, number][]) => new Map(entries);

describe("dot voting rules", () => {
  it("default to 5 points, at most 3 on one item, live results, self-votes allowed", () => {
    expect(defaultVoteSettings()).toMatchObject({
      budget: 5,
      cap: 3,
      results: "live",
      revealed: false,
      allowSelfVote: true,
      challengeIds: null,
    });
  });

  it("let a participant spend the whole budget across items, and move points around", () => {
    expect(voteRefusal(given([]), "a", 3, rules)).toBeNull();
    expect(voteRefusal(given([["a", 3]]), "b", 2, rules)).toBeNull();
    // Re-setting an item counts its new value, not old + new.
    expect(
      voteRefusal(
        given([
          ["a", 3],
          ["b", 2],
        ]),
        "a",
        1,
        rules,
      ),
    ).toBeNull();
    expect(remainingPoints([3, 2], 5)).toBe(0);
  });

  it("refuse a fourth point on one item", () => {
    expect(voteRefusal(given([]), "a", 4, rules)).toMatchObject({ key: "overCap" });
  });

  it("refuse going over budget and say how many points are left", () => {
    const refusal = voteRefusal(
      given([
        ["a", 3],
        ["b", 1],
      ]),
      "c",
      2,
      rules,
    );
    expect(refusal).toMatchObject({ key: "overBudget" });
    expect(refusal?.message).toContain("1 left");
  });

  it("accept only whole, non-negative points with a client id", () => {
    for (const points of [-1, 1.5, "2", null]) {
      expect(setVoteSchema.safeParse({ clientId: "vote-0001", contributionId: "c1", points }).success).toBe(false);
    }
    expect(setVoteSchema.safeParse({ clientId: "short", contributionId: "c1", points: 1 }).success).toBe(false);
    expect(setVoteSchema.safeParse({ clientId: "vote-0001", contributionId: "c1", points: 0 }).success).toBe(true);
  });

  it("know what each vote step votes on", () => {
    expect(ballotKind("vote_challenges")).toBe("challenge");
    expect(ballotKind("vote_solutions")).toBe("solution");
    expect(ballotKind("collect_challenges")).toBeNull();
    expect(ballotKind(null)).toBeNull();
  });

  it("move a voter's points to the survivor of a merge, returning what would exceed the cap", () => {
    expect(mergedPoints(2, 0, 3)).toEqual({ points: 2, returned: 0 });
    expect(mergedPoints(2, 2, 3)).toEqual({ points: 3, returned: 1 });
    expect(mergedPoints(3, 3, 3)).toEqual({ points: 3, returned: 3 });
  });
});

describe("when a vote's electorate is stored", () => {
  const room = (
    stepId: string | null,
    kind: "vote_challenges" | "collect_solutions" | null,
    status: "live" | "closed" = "live",
  ) => ({
    stepId,
    kind,
    status,
  });

  it("stores it when the room moves on from the vote", () => {
    expect(electorateChanges(room("v1", "vote_challenges"), room("s1", "collect_solutions"))).toEqual({
      freeze: "v1",
      reopen: null,
    });
  });

  it("stores it when the workshop ends during the vote, and opens it again when the workshop reopens", () => {
    expect(electorateChanges(room("v1", "vote_challenges"), room("v1", "vote_challenges", "closed"))).toEqual({
      freeze: "v1",
      reopen: null,
    });
    expect(electorateChanges(room("v1", "vote_challenges", "closed"), room("v1", "vote_challenges"))).toEqual({
      freeze: null,
      reopen: "v1",
    });
  });

  it("opens a vote the room goes back to, and changes nothing between two steps that are not votes", () => {
    expect(electorateChanges(room("s1", "collect_solutions"), room("v1", "vote_challenges"))).toEqual({
      freeze: null,
      reopen: "v1",
    });
    expect(electorateChanges(room("s1", "collect_solutions"), room(null, null))).toEqual({ freeze: null, reopen: null });
    expect(electorateChanges(room("v1", "vote_challenges"), room("v1", "vote_challenges"))).toEqual({
      freeze: null,
      reopen: null,
    });
  });
});
