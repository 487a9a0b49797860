import { describe, expect, it } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import {
  type AgendaStep,
  applyTimerAction,
  dateOfDay,
  dayAt,
  formatCountdown,
  isTimerRunning,
  MAX_TIMER_MS,
  moveStepToDay,
  newTimer,
  openChallengeIds,
  PEER_REVIEW_TEMPLATE,
  resolveOpenChallenges,
  reusableSettings,
  stepsByDay,
  type Timer,
  timerRemainingMs,
  timerState,
} from "./agenda";
import { STEP_KINDS, type StepKind, stepAccepts } from "./step-kinds";
import { applyEvent, applyEvents, currentStep, type WorkshopEvent } from "./workshop-state";

const MIN = 60_000;

describe("the steps of a workshop day", () => {
  it("knows eight kinds of step", () => {
    expect(STEP_KINDS).toEqual([
      "lobby",
      "collect_challenges",
      "vote_challenges",
      "collect_solutions",
      "vote_solutions",
      "discussion",
      "recommendations",
      "closed",
    ]);
  });

  it("starts a new workshop with the peer-review day: lobby, challenges, vote, solutions, vote, recommendations, closed", () => {
    expect(PEER_REVIEW_TEMPLATE).toEqual([
      "lobby",
      "collect_challenges",
      "vote_challenges",
      "collect_solutions",
      "vote_solutions",
      "recommendations",
      "closed",
    ]);
    expect(PEER_REVIEW_TEMPLATE.every((kind) => STEP_KINDS.includes(kind))).toBe(true);
  });

  const accepts: [StepKind, { challenge: boolean; solution: boolean }][] = [
    ["lobby", { challenge: false, solution: false }],
    ["collect_challenges", { challenge: true, solution: false }],
    ["vote_challenges", { challenge: false, solution: false }],
    ["collect_solutions", { challenge: false, solution: true }],
    ["vote_solutions", { challenge: false, solution: false }],
    ["discussion", { challenge: false, solution: false }],
    ["recommendations", { challenge: false, solution: false }],
    ["closed", { challenge: false, solution: false }],
  ];

  it("lists what each kind accepts for every kind there is", () => {
    expect(accepts.map(([kind]) => kind)).toEqual([...STEP_KINDS]);
  });

  it.each(accepts)("in a %s step a participant may submit %o", (kind, expected) => {
    expect(stepAccepts(kind, "challenge")).toBe(expected.challenge);
    expect(stepAccepts(kind, "solution")).toBe(expected.solution);
  });

  it("a participant cannot submit a solution while the room collects challenges", () => {
    expect(stepAccepts("collect_challenges", "solution")).toBe(false);
  });

  it("a participant cannot submit a challenge while the room collects solutions", () => {
    expect(stepAccepts("collect_solutions", "challenge")).toBe(false);
  });

  it("accepts nothing before the facilitator has opened a step", () => {
    expect(stepAccepts(null, "challenge")).toBe(false);
    expect(stepAccepts(null, "solution")).toBe(false);
    expect(stepAccepts(undefined, "challenge")).toBe(false);
    expect(stepAccepts(undefined, "solution")).toBe(false);
  });
});

describe("which challenges take solutions", () => {
  // Submitted c1, c2, c3, c4 in that order; handed in shuffled, as a query might return them.
  const challenges = [
    { id: "c3", createdAt: 30 },
    { id: "c1", createdAt: 10 },
    { id: "c4", createdAt: 40 },
    { id: "c2", createdAt: 20 },
  ].map((c) => ({ ...c, kind: "challenge", status: "visible", mergedInto: null as string | null }));

  it("opens every challenge, in the order they were submitted, when nothing is set or the mode is all", () => {
    expect(openChallengeIds(undefined, challenges)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(openChallengeIds({ mode: "all" }, challenges)).toEqual(["c1", "c2", "c3", "c4"]);
  });

  it("opens only the challenges the facilitator selected, in submission order, ignoring ids it does not know", () => {
    expect(openChallengeIds({ mode: "selected", ids: ["c4", "gone", "c2"] }, challenges)).toEqual(["c2", "c4"]);
    expect(openChallengeIds({ mode: "selected", ids: [] }, challenges)).toEqual([]);
  });

  it("does not reorder the caller's list", () => {
    const input = [...challenges];
    openChallengeIds({ mode: "all" }, input);
    expect(input).toEqual(challenges);
  });

  it("opens the stored top N, in the vote's order, whatever order they were submitted in", () => {
    expect(openChallengeIds({ mode: "top", n: 2, ids: ["c4", "c3"] }, challenges)).toEqual(["c4", "c3"]);
  });

  it("resolves top N once, from the vote's ranking, when the facilitator applies it", () => {
    const ranking = ["c4", "c3", "c1", "c2"];
    expect(resolveOpenChallenges({ mode: "top", n: 2 }, ranking)).toEqual({ mode: "top", n: 2, ids: ["c4", "c3"] });
    expect(resolveOpenChallenges({ mode: "top", n: 10 }, ranking)).toEqual({ mode: "top", n: 10, ids: ranking });
    expect(resolveOpenChallenges({ mode: "top", n: 0 }, ranking)).toEqual({ mode: "top", n: 0, ids: [] });
    expect(resolveOpenChallenges({ mode: "all" }, ranking)).toEqual({ mode: "all" });
  });

  it("follows a chosen challenge merged since to the one it was merged into, and closes hidden ones", () => {
    const changed = challenges.map((c) =>
      c.id === "c4" ? { ...c, status: "merged", mergedInto: "c1" } : c.id === "c3" ? { ...c, status: "hidden" } : c,
    );
    expect(openChallengeIds({ mode: "top", n: 2, ids: ["c4", "c3"] }, changed)).toEqual(["c1"]);
    expect(openChallengeIds({ mode: "all" }, changed)).toEqual(["c1", "c2"]);
  });

  it("never opens a solution or anything not visible", () => {
    const mixed = [...challenges, { id: "s1", createdAt: 50, kind: "solution", status: "visible", mergedInto: null }];
    expect(openChallengeIds({ mode: "all" }, mixed)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(openChallengeIds({ mode: "top", n: 2, ids: ["s1", "c2"] }, mixed)).toEqual(["c2"]);
  });
});

describe("timer state", () => {
  it("reads running, paused and time up the same on every screen", () => {
    const timer = newTimer(5 * MIN);
    expect(timerState(timer, 0)).toEqual({ phase: "paused", remainingMs: 5 * MIN });
    const running = applyTimerAction(timer, { action: "start" }, 1000) as Timer;
    expect(timerState(running, 1000 + MIN)).toEqual({ phase: "running", remainingMs: 4 * MIN });
    expect(timerState(running, 1000 + 6 * MIN).phase).toBe("up");
  });
});

describe("the step timer", () => {
  const t0 = 1_000_000;

  it("is set paused, with the full duration left", () => {
    const timer = applyTimerAction(null, { action: "set", seconds: 300 }, t0);
    expect(timer).toEqual({ durationMs: 5 * MIN, remainingMs: 5 * MIN, endsAt: null });
    expect(isTimerRunning(timer!, t0)).toBe(false);
    expect(timerRemainingMs(timer!, t0 + 10 * MIN)).toBe(5 * MIN);
  });

  it("setting it again replaces the old one, even a running one", () => {
    const running = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0);
    expect(applyTimerAction(running, { action: "set", seconds: 120 }, t0 + MIN)).toEqual(newTimer(2 * MIN));
  });

  it("counts down once started", () => {
    const timer = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0)!;
    expect(timer).toEqual({ durationMs: 5 * MIN, remainingMs: 5 * MIN, endsAt: t0 + 5 * MIN });
    expect(isTimerRunning(timer, t0)).toBe(true);
    expect(timerRemainingMs(timer, t0)).toBe(5 * MIN);
    expect(timerRemainingMs(timer, t0 + 90_000)).toBe(210_000);
    expect(timerRemainingMs(timer, t0 + 5 * MIN)).toBe(0);
    expect(isTimerRunning(timer, t0 + 5 * MIN)).toBe(false);
    expect(timerRemainingMs(timer, t0 + 6 * MIN)).toBe(0);
  });

  it("starting it again while it runs changes nothing", () => {
    const timer = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0)!;
    const again = applyTimerAction(timer, { action: "start" }, t0 + MIN)!;
    expect(again.endsAt).toBe(timer.endsAt);
    expect(timerRemainingMs(again, t0 + MIN)).toBe(4 * MIN);
    expect(again.durationMs).toBe(5 * MIN);
  });

  it("keeps what was left when paused, and resumes from there", () => {
    const running = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0);
    const paused = applyTimerAction(running, { action: "pause" }, t0 + 2 * MIN)!;
    expect(paused).toEqual({ durationMs: 5 * MIN, remainingMs: 3 * MIN, endsAt: null });
    expect(isTimerRunning(paused, t0 + 10 * MIN)).toBe(false);
    expect(timerRemainingMs(paused, t0 + 10 * MIN)).toBe(3 * MIN);

    const resumed = applyTimerAction(paused, { action: "start" }, t0 + 10 * MIN)!;
    expect(resumed.endsAt).toBe(t0 + 13 * MIN);
    expect(timerRemainingMs(resumed, t0 + 11 * MIN)).toBe(2 * MIN);
  });

  it("pausing a paused timer changes nothing", () => {
    const paused = { durationMs: 5 * MIN, remainingMs: 3 * MIN, endsAt: null };
    expect(applyTimerAction(paused, { action: "pause" }, t0)).toEqual(paused);
  });

  it("starts a finished timer over from its full duration", () => {
    const running = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0);
    const later = t0 + 7 * MIN;
    expect(timerRemainingMs(running!, later)).toBe(0);
    const again = applyTimerAction(running, { action: "start" }, later);
    expect(again).toEqual({ durationMs: 5 * MIN, remainingMs: 5 * MIN, endsAt: later + 5 * MIN });

    const pausedAtZero = { durationMs: 5 * MIN, remainingMs: 0, endsAt: null };
    expect(applyTimerAction(pausedAtZero, { action: "start" }, t0)).toEqual({
      durationMs: 5 * MIN,
      remainingMs: 5 * MIN,
      endsAt: t0 + 5 * MIN,
    });
  });

  it("adding a minute while it runs pushes the end back", () => {
    const running = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0);
    const extended = applyTimerAction(running, { action: "add", seconds: 60 }, t0 + MIN)!;
    expect(extended).toEqual({ durationMs: 5 * MIN, remainingMs: 5 * MIN, endsAt: t0 + 6 * MIN });
    expect(timerRemainingMs(extended, t0 + MIN)).toBe(5 * MIN);
    expect(isTimerRunning(extended, t0 + MIN)).toBe(true);
  });

  it("adding a minute while it is paused adds to what is left, and it stays paused", () => {
    const paused = { durationMs: 5 * MIN, remainingMs: 3 * MIN, endsAt: null };
    expect(applyTimerAction(paused, { action: "add", seconds: 60 }, t0)).toEqual({
      durationMs: 5 * MIN,
      remainingMs: 4 * MIN,
      endsAt: null,
    });
  });

  it("adding time when there is no timer creates one, paused", () => {
    expect(applyTimerAction(null, { action: "add", seconds: 120 }, t0)).toEqual({
      durationMs: 2 * MIN,
      remainingMs: 2 * MIN,
      endsAt: null,
    });
  });

  it("taking time off when there is no timer does nothing", () => {
    expect(applyTimerAction(null, { action: "add", seconds: -60 }, t0)).toBeNull();
  });

  it("one more minute when time is up gets the countdown going again", () => {
    const ranOut = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0);
    expect(timerRemainingMs(ranOut!, t0 + 10 * MIN)).toBe(0);
    const extended = applyTimerAction(ranOut, { action: "add", seconds: 60 }, t0 + 10 * MIN)!;
    expect(isTimerRunning(extended, t0 + 10 * MIN)).toBe(true);
    expect(timerRemainingMs(extended, t0 + 10 * MIN)).toBe(MIN);
  });

  it("taking off more time than is left never goes below zero", () => {
    const paused = { durationMs: 5 * MIN, remainingMs: 30_000, endsAt: null };
    expect(applyTimerAction(paused, { action: "add", seconds: -60 }, t0)).toEqual({
      durationMs: 5 * MIN,
      remainingMs: 0,
      endsAt: null,
    });

    const running = applyTimerAction(newTimer(MIN), { action: "start" }, t0);
    const cut = applyTimerAction(running, { action: "add", seconds: -120 }, t0 + 10_000)!;
    expect(timerRemainingMs(cut, t0 + 10_000)).toBe(0);
    expect(isTimerRunning(cut, t0 + 10_000)).toBe(false);
  });

  it("taking off a little while it runs brings the end forward", () => {
    const running = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0);
    const cut = applyTimerAction(running, { action: "add", seconds: -60 }, t0)!;
    expect(cut.endsAt).toBe(t0 + 4 * MIN);
    expect(timerRemainingMs(cut, t0 + MIN)).toBe(3 * MIN);
  });

  it("reset goes back to the full duration and pauses", () => {
    const running = applyTimerAction(newTimer(5 * MIN), { action: "start" }, t0);
    expect(applyTimerAction(running, { action: "reset" }, t0 + 2 * MIN)).toEqual({
      durationMs: 5 * MIN,
      remainingMs: 5 * MIN,
      endsAt: null,
    });
  });

  it("start, pause and reset do nothing without a timer", () => {
    expect(applyTimerAction(null, { action: "start" }, t0)).toBeNull();
    expect(applyTimerAction(null, { action: "pause" }, t0)).toBeNull();
    expect(applyTimerAction(null, { action: "reset" }, t0)).toBeNull();
  });

  it("setting it to 0 removes the timer", () => {
    expect(applyTimerAction(newTimer(5 * MIN), { action: "set", seconds: 0 }, t0)).toBeNull();
    expect(applyTimerAction(null, { action: "set", seconds: 0 }, t0)).toBeNull();
  });

  it("never runs longer than eight hours", () => {
    expect(MAX_TIMER_MS).toBe(8 * 60 * MIN);
    expect(newTimer(MAX_TIMER_MS + 1)).toEqual({ durationMs: MAX_TIMER_MS, remainingMs: MAX_TIMER_MS, endsAt: null });
    expect(newTimer(-5)).toEqual({ durationMs: 0, remainingMs: 0, endsAt: null });
    expect(applyTimerAction(null, { action: "set", seconds: 10 * 3600 }, t0)?.durationMs).toBe(MAX_TIMER_MS);

    const pausedNearMax = { durationMs: MAX_TIMER_MS, remainingMs: MAX_TIMER_MS - MIN, endsAt: null };
    expect(applyTimerAction(pausedNearMax, { action: "add", seconds: 3600 }, t0)?.remainingMs).toBe(MAX_TIMER_MS);

    const running = applyTimerAction(newTimer(MAX_TIMER_MS), { action: "start" }, t0);
    const extended = applyTimerAction(running, { action: "add", seconds: 3600 }, t0 + MIN)!;
    expect(extended.endsAt).toBe(t0 + MIN + MAX_TIMER_MS);
    expect(timerRemainingMs(extended, t0 + MIN)).toBe(MAX_TIMER_MS);
  });
});

describe("how a countdown reads", () => {
  it.each([
    [0, "0:00"],
    [5_000, "0:05"],
    [59_000, "0:59"],
    [60_000, "1:00"],
    [245_000, "4:05"],
    [10 * MIN, "10:00"],
    [3_723_000, "1:02:03"],
    [3_600_000, "1:00:00"],
    [MAX_TIMER_MS, "8:00:00"],
  ])("%i ms reads %s", (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });

  it("rounds a partial second up, so 0:00 only shows when time is up", () => {
    expect(formatCountdown(59_001)).toBe("1:00");
    expect(formatCountdown(1)).toBe("0:01");
    expect(formatCountdown(244_100)).toBe("4:05");
    expect(formatCountdown(3_599_500)).toBe("1:00:00");
  });
});

// ── The agenda in the live state ───────────────────────────────────────────────────────────────

const empty = emptyState;

const step = (id: string, kind: StepKind, timer: Timer | null = null): AgendaStep => ({
  day: 1,
  id,
  kind,
  electorate: null,
  title: null,
  settings: {},
  timer,
});

const day = [step("s1", "lobby"), step("s2", "collect_challenges"), step("s3", "collect_solutions")];

describe("the agenda as every screen follows it", () => {
  it("replaces the whole agenda when the facilitator changes it", () => {
    const first = applyEvent(empty, { seq: 1, at: 1, type: "agenda.changed", payload: { steps: day } });
    expect(first.steps).toEqual(day);
    const reordered = [day[0], { ...day[2], title: "Ideas" }, day[1]];
    const second = applyEvent(first, { seq: 2, at: 2, type: "agenda.changed", payload: { steps: reordered } });
    expect(second.steps.map((s) => s.id)).toEqual(["s1", "s3", "s2"]);
    expect(second.steps[1].title).toBe("Ideas");
    expect(second.seq).toBe(2);
  });

  it("moves the room to the next step, and back to no step", () => {
    const events: WorkshopEvent[] = [
      { seq: 1, at: 1, type: "agenda.changed", payload: { steps: day } },
      { seq: 2, at: 2, type: "step.changed", payload: { currentStepId: "s2" } },
    ];
    const state = applyEvents(empty, events).state;
    expect(state.currentStepId).toBe("s2");
    expect(currentStep(state)).toEqual(day[1]);
    expect(stepAccepts(currentStep(state)?.kind, "challenge")).toBe(true);

    const none = applyEvent(state, { seq: 3, at: 3, type: "step.changed", payload: { currentStepId: null } });
    expect(none.currentStepId).toBeNull();
    expect(currentStep(none)).toBeNull();
    expect(stepAccepts(currentStep(none)?.kind, "challenge")).toBe(false);
  });

  it("has no current step when the current id names no step on the agenda", () => {
    expect(currentStep({ steps: day, currentStepId: "deleted" })).toBeNull();
    expect(currentStep({ steps: [], currentStepId: null })).toBeNull();
  });

  it("updates only the timer of the step it names", () => {
    const withAgenda = applyEvent(empty, { seq: 1, at: 1, type: "agenda.changed", payload: { steps: day } });
    const timer = { durationMs: 5 * MIN, remainingMs: 5 * MIN, endsAt: 123 };
    const state = applyEvent(withAgenda, { seq: 2, at: 2, type: "timer.changed", payload: { stepId: "s2", timer } });
    expect(state.steps[1]).toEqual({ ...day[1], timer });
    expect(state.steps[0]).toBe(day[0]);
    expect(state.steps[2]).toBe(day[2]);

    const removed = applyEvent(state, { seq: 3, at: 3, type: "timer.changed", payload: { stepId: "s2", timer: null } });
    expect(removed.steps[1].timer).toBeNull();
  });

  it("ignores a timer for a step that is no longer on the agenda", () => {
    const withAgenda = applyEvent(empty, { seq: 1, at: 1, type: "agenda.changed", payload: { steps: day } });
    const state = applyEvent(withAgenda, {
      seq: 2,
      at: 2,
      type: "timer.changed",
      payload: { stepId: "gone", timer: newTimer(MIN) },
    });
    expect(state.steps).toEqual(day);
    expect(state.seq).toBe(2);
  });
});

describe("a workshop over several days", () => {
  const s = (id: string, day: number) => ({ id, day });
  const agenda = [s("a", 1), s("b", 1), s("c", 2), s("d", 2)];
  const order = (steps: { id: string; day: number }[]) => steps.map((x) => `${x.day}${x.id}`).join(" ");

  it("groups the agenda by day, in order", () => {
    expect(stepsByDay(agenda).map((d) => [d.day, d.steps.map((x) => x.id)])).toEqual([
      [1, ["a", "b"]],
      [2, ["c", "d"]],
    ]);
    expect(stepsByDay([])).toEqual([]);
  });

  it("a step moved to another day becomes that day's last step", () => {
    expect(order(moveStepToDay(agenda, "a", 2))).toBe("1b 2c 2d 2a");
    expect(order(moveStepToDay(agenda, "d", 1))).toBe("1a 1b 1d 2c");
    expect(order(moveStepToDay(agenda, "b", 3))).toBe("1a 2c 2d 3b");
  });

  it("a step moved across a day's boundary takes the day of the step before it", () => {
    expect(dayAt([s("a", 1), s("c", 2), s("b", 1)], 1)).toBe(1);
    expect(dayAt([s("a", 1), s("c", 2), s("b", 2)], 2)).toBe(2);
    expect(dayAt([s("c", 2), s("a", 1)], 0)).toBe(1);
  });

  it("dates each day from the workshop's first day", () => {
    expect([dateOfDay("2026-11-14", 1), dateOfDay("2026-11-30", 2), dateOfDay(null, 2)]).toEqual([
      "2026-11-14",
      "2026-12-01",
      null,
    ]);
  });

  it("a step reused in another workshop keeps its settings, its chosen challenges mapped to their copies", () => {
    const ids = new Map([["old", "new"]]);
    expect(reusableSettings({ openChallenges: { mode: "selected", ids: ["old", "gone"] } }, ids)).toEqual({
      openChallenges: { mode: "selected", ids: ["new"] },
    });
    expect(reusableSettings({ openChallenges: { mode: "top", n: 3, ids: ["old"] } }, ids)).toEqual({
      openChallenges: { mode: "all" },
    });
  });
});
