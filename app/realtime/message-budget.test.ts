import { describe, expect, it } from "vitest";
import { createMessageBudget } from "./message-budget";

describe("the per-sender message budget", () => {
  it("lets each sender send its points per window, refuses the next, and starts afresh when the window ends", () => {
    let clock = 0;
    const budget = createMessageBudget({ points: 3, perSeconds: 10 }, () => clock);
    expect([1, 2, 3, 4].map(() => budget.take("participant:ana"))).toEqual([true, true, true, false]);
    // Another sender has a budget of its own.
    expect(budget.take("participant:bence")).toBe(true);
    clock = 9_999;
    expect(budget.take("participant:ana")).toBe(false);
    clock = 10_000;
    expect([1, 2, 3, 4].map(() => budget.take("participant:ana"))).toEqual([true, true, true, false]);
  });

  it("keeps no count of a sender once its window has ended", () => {
    let clock = 0;
    const budget = createMessageBudget({ points: 1, perSeconds: 1 }, () => clock);
    for (let i = 0; i < 1000; i++) budget.take(`participant:${i}`);
    clock = 1_000;
    // Every one of the thousand has a fresh budget: the old counts are gone, not merely expired.
    expect(Array.from({ length: 1000 }, (_, i) => budget.take(`participant:${i}`)).every(Boolean)).toBe(true);
    expect(budget.take("participant:0")).toBe(false);
  });
});
