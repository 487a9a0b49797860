import { describe, expect, it } from "vitest";
import type { HelixCounts } from "./helix";
import { itemMetrics, rankItems, roomBalance, withPoints } from "./helix-metrics";

const room = (government: number, academia: number, business: number, community: number): HelixCounts => ({
  government,
  academia,
  business,
  community,
});

describe("the helix lens, worked examples", () => {
  // 10 voters, 6 of them business (60 % of the room).
  const dominated = room(2, 1, 6, 1);
  // A: every business participant gives it 2 points, nobody else any.
  const A = { government: 0, academia: 0, business: 12, community: 0 };
  // B: one point from each government and academia person and the community person, 3 from business.
  const B = { government: 2, academia: 1, business: 3, community: 1 };

  it("a room where one helix is 60 % of the people: raw order follows the crowd, balanced order does not", () => {
    const a = itemMetrics(A, dominated);
    const b = itemMetrics(B, dominated);
    expect(a.raw).toBe(12);
    expect(b.raw).toBe(7);
    expect(a.support).toEqual({ government: 0, academia: 0, business: 2, community: 0 });
    expect(a.balanced).toBeCloseTo(0.5); // (0 + 0 + 2 + 0) / 4
    expect(b.support).toEqual({ government: 1, academia: 1, business: 0.5, community: 1 });
    expect(b.balanced).toBeCloseTo(0.875); // (1 + 1 + 0.5 + 1) / 4
    expect(a.label).toBe("single-helix");
    expect(b.label).toBe("consensus");
    expect(b.breadth).toBe(4);

    const items = [
      { id: "A", createdAt: 1 },
      { id: "B", createdAt: 2 },
    ];
    const points = { A, B } as Record<string, typeof A>;
    expect(rankItems(items, (i) => points[i.id], dominated).map((i) => i.id)).toEqual(["B", "A"]);
    expect(rankItems(items, (i) => points[i.id], dominated, { order: "raw" }).map((i) => i.id)).toEqual(["A", "B"]);
    expect(roomBalance(dominated)).toMatchObject({ total: 10, dominant: "business", dominantShare: 0.6, absent: [] });
  });

  it("an absent helix is stated and left out of the mean, never averaged in as zero", () => {
    const noCommunity = room(2, 2, 2, 0);
    const m = itemMetrics({ government: 2, academia: 2, business: 2 }, noCommunity);
    expect(m.support.community).toBeNull();
    expect(m.balanced).toBeCloseTo(1); // (1 + 1 + 1) / 3, not / 4
    expect(m.label).toBe("consensus");
    expect(m.notSupportedBy).toEqual([]);
    expect(roomBalance(noCommunity).absent).toEqual(["community"]);
  });

  it("one participant in a helix weighs as much as a whole helix", () => {
    const m = itemMetrics({ academia: 3, business: 3 }, room(3, 1, 3, 3));
    expect(m.support).toEqual({ government: 0, academia: 3, business: 1, community: 0 });
    expect(m.balanced).toBeCloseTo(1); // (0 + 3 + 1 + 0) / 4
    expect(m.supportedBy).toEqual(["academia", "business"]);
    expect(m.label).toBe("divergent");
    expect(m.spread).toBeCloseTo(3);
  });

  it("strong in some helices, near zero in others, is divergent", () => {
    const m = itemMetrics({ government: 4, academia: 4, business: 0, community: 0 }, room(2, 2, 2, 2));
    expect(m.label).toBe("divergent");
    expect(m.supportedBy).toEqual(["government", "academia"]);
    expect(m.notSupportedBy).toEqual(["business", "community"]);
    expect(m.spread).toBeCloseTo(2);
  });

  it("the threshold decides what counts as support", () => {
    const points = { government: 1, academia: 1, business: 1, community: 1 };
    const voters = room(4, 4, 4, 4); // 0.25 points per person each
    expect(itemMetrics(points, voters).label).toBe("consensus");
    expect(itemMetrics(points, voters, 0.3).label).toBe("none");
  });

  it("ties share a rank and are listed in submission order", () => {
    const voters = room(1, 1, 1, 1);
    const items = [
      { id: "late", createdAt: 3 },
      { id: "early", createdAt: 1 },
      { id: "top", createdAt: 2 },
    ];
    const points: Record<string, { government: number }> = {
      late: { government: 1 },
      early: { government: 1 },
      top: { government: 3 },
    };
    const ranked = rankItems(items, (i) => points[i.id], voters);
    expect(ranked.map((i) => [i.id, i.rank])).toEqual([
      ["top", 1],
      ["early", 2],
      ["late", 2],
    ]);
  });

  it("the screens rank only items given points: before any vote nothing is #1", () => {
    const items = [
      { id: "voted", createdAt: 1 },
      { id: "not", createdAt: 2 },
    ];
    const ranked = rankItems(items, (i) => (i.id === "voted" ? { academia: 2 } : undefined), room(1, 1, 1, 1));
    expect(withPoints(ranked).map((i) => i.id)).toEqual(["voted"]);
    expect(withPoints(rankItems(items, () => undefined, room(1, 1, 1, 1)))).toEqual([]);
  });

  it("an item nobody voted for scores zero everywhere and has no support", () => {
    const m = itemMetrics({}, room(3, 3, 3, 3));
    expect(m).toMatchObject({ raw: 0, balanced: 0, breadth: 0, spread: 0, label: "none", supportedBy: [] });
    expect(m.support).toEqual({ government: 0, academia: 0, business: 0, community: 0 });
  });

  it("an empty room has no present helix, no mean to take, and no dominant helix", () => {
    const m = itemMetrics({}, room(0, 0, 0, 0));
    expect(m.balanced).toBe(0);
    expect(m.support).toEqual({ government: null, academia: null, business: null, community: null });
    expect(roomBalance(room(0, 0, 0, 0))).toMatchObject({
      total: 0,
      dominant: null,
      absent: ["government", "academia", "business", "community"],
    });
  });

  it("exactly half the room is not a majority", () => {
    expect(roomBalance(room(2, 0, 2, 0)).dominant).toBeNull();
    expect(roomBalance(room(3, 0, 2, 0)).dominant).toBe("government");
  });
});
