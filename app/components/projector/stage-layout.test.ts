import { describe, expect, it } from "vitest";
import {
  challengesBySolutions,
  columnsPerPage,
  fitMonospace,
  newestFirst,
  paginate,
  shareOf,
  solutionBands,
} from "./stage-layout";

type Item = { id: string; kind: "challenge" | "solution"; parentId: string | null; status: string; createdAt: number };
const challenge = (id: string, createdAt: number, status = "visible"): Item => ({
  id,
  kind: "challenge",
  parentId: null,
  status,
  createdAt,
});
const solution = (id: string, parentId: string, createdAt: number, status = "visible"): Item => ({
  id,
  kind: "solution",
  parentId,
  status,
  createdAt,
});

describe("the projector's pages", () => {
  it("splits twelve challenges into pages of nine: page 2 holds the last three", () => {
    const pages = paginate(
      Array.from({ length: 12 }, (_, i) => i),
      9,
    );
    expect(pages.map((p) => p.length)).toEqual([9, 3]);
    expect(pages[1]).toEqual([9, 10, 11]);
  });

  it("shows one empty page when nothing has arrived yet, and never divides by zero", () => {
    expect(paginate([], 9)).toEqual([[]]);
    expect(paginate(["a", "b"], 0)).toEqual([["a"], ["b"]]);
  });
});

describe("the join address on one line", () => {
  it("keeps the largest size for a short address and shrinks a long one to the width", () => {
    expect(fitMonospace("review.hu/join".length, 40, 4)).toBe(4);
    const long = "helix-review.budapest-peer-review-2024.example.org/join";
    const size = fitMonospace(long.length, 40, 4);
    expect(size).toBeLessThan(4);
    expect(size * long.length * 0.62).toBeLessThanOrEqual(40 + 1e-9);
  });
});

describe("one scale for a ranking", () => {
  it("gives the top item the full width and the others their share", () => {
    expect(shareOf(1, 1)).toBe(100);
    expect(shareOf(0.75, 1)).toBe(75);
    expect(shareOf(0, 0)).toBe(0);
    expect(shareOf(0.2, 0)).toBe(0);
  });
});

describe("the solutions board", () => {
  const contributions = [
    challenge("platform", 1),
    challenge("coherence", 2),
    challenge("recognition", 3),
    challenge("duplicate", 4, "merged"),
    solution("s1", "coherence", 10),
    solution("s2", "coherence", 11),
    solution("s3", "coherence", 12),
    solution("s4", "recognition", 13),
    solution("hidden", "coherence", 14, "hidden"),
  ];

  it("bands the open challenges in the order they are open, newest solutions first, running on when full", () => {
    const { bands, closed } = solutionBands(contributions, ["coherence", "recognition"], 2);
    expect(bands.map((b) => [b.challenge.id, b.solutions.map((s) => s.id), `${b.part}/${b.parts}`])).toEqual([
      ["coherence", ["s3", "s2"], "1/2"],
      ["coherence", ["s1"], "2/2"],
      ["recognition", ["s4"], "1/1"],
    ]);
    expect(closed.map((c) => c.id)).toEqual(["platform"]);
  });

  it("shows up to four columns on one page, and more three at a time", () => {
    expect([1, 2, 4, 5, 13].map(columnsPerPage)).toEqual([1, 2, 4, 3, 3]);
  });

  it("gives a challenge without solutions a band of its own", () => {
    const { bands } = solutionBands(contributions, ["platform"], 3);
    expect(bands).toEqual([{ challenge: contributions[0], solutions: [], part: 1, parts: 1 }]);
  });

  it("lists the challenges the day worked on most first, and the newest contribution first on the wall", () => {
    expect(challengesBySolutions(contributions).map((c) => [c.challenge.id, c.solutions])).toEqual([
      ["coherence", 3],
      ["recognition", 1],
      ["platform", 0],
    ]);
    expect(newestFirst(contributions.slice(0, 3)).map((c) => c.id)).toEqual(["recognition", "coherence", "platform"]);
  });
});
