import type { HelixCounts } from "./helix";
import { survivorOf } from "./merges";
import type { StepKind } from "./step-kinds";
import type { VoteSettings } from "./voting";

/**
 * The agenda of a workshop day: ordered steps of known kinds, what each kind allows, and the step
 * timer. Pure: the services enforce these rules, the screens use them to show what is possible.
 */

/** The peer-review day a new workshop starts with; the facilitator can rename, reorder, add and remove. */
export const PEER_REVIEW_TEMPLATE: readonly StepKind[] = [
  "lobby",
  "collect_challenges",
  "vote_challenges",
  "collect_solutions",
  "vote_solutions",
  "recommendations",
  "closed",
];

/** Which challenges a collect-solutions step takes answers for, as the facilitator asks for it. */
export type OpenChallengesChoice = { mode: "all" } | { mode: "top"; n: number } | { mode: "selected"; ids: string[] };

/**
 * What is stored with the step and published: "top N" is resolved when the facilitator applies it,
 * into the ids of the top N challenges of the last challenge vote (in ranking order), so every
 * screen and every service reads the same list and nobody ranks again.
 */
export type OpenChallenges = { mode: "all" } | { mode: "top"; n: number; ids: string[] } | { mode: "selected"; ids: string[] };

export type StepSettings = { openChallenges?: OpenChallenges; vote?: VoteSettings };

/**
 * A countdown that survives pauses and reconnects: while running it is an end time; while paused,
 * the time that was left. Clients compute the remaining time from the server's clock.
 */
export type Timer = { durationMs: number; remainingMs: number; endsAt: number | null };

export type AgendaStep = {
  id: string;
  kind: StepKind;
  /** The facilitator's own name for the step; null shows the kind's translated default. */
  title: string | null;
  settings: StepSettings;
  timer: Timer | null;
  /**
   * For a vote step the room has moved on from: who could vote, per helix, frozen when it ended.
   * Null while the step has not ended (its electorate is then the room as it is).
   */
  electorate: HelixCounts | null;
  /** The day of a multi-day workshop the step belongs to (1, 2, …); the agenda's order runs day by day. */
  day: number;
};

// ── Days ─────────────────────────────────────────────────────────────────────────────────────

/** A workshop runs for a week at most. */
export const MAX_DAYS = 7;

/** The agenda grouped by day, in order: every day that has a step, with its steps. */
export function stepsByDay<S extends { day: number }>(steps: readonly S[]): { day: number; steps: S[] }[] {
  const days: { day: number; steps: S[] }[] = [];
  for (const step of steps) {
    const last = days.at(-1);
    if (last && last.day === step.day) last.steps.push(step);
    else days.push({ day: step.day, steps: [step] });
  }
  return days;
}

/**
 * The agenda after one step moved to `day`: it becomes that day's last step (the order runs day by
 * day, so a step never sits among another day's steps).
 */
export function moveStepToDay<S extends { id: string; day: number }>(steps: readonly S[], stepId: string, day: number): S[] {
  const step = steps.find((s) => s.id === stepId);
  if (!step) return [...steps];
  const rest = steps.filter((s) => s.id !== stepId);
  const at = rest.findLastIndex((s) => s.day <= day) + 1;
  return [...rest.slice(0, at), { ...step, day }, ...rest.slice(at)];
}

/**
 * The day of the step at `index` of a reordered agenda: the day of the step before it (the first
 * step: of the one after it), so moving a step across a day's boundary moves it to that day.
 */
export function dayAt(ordered: readonly { day: number }[], index: number): number {
  return ordered[index - 1]?.day ?? ordered[index + 1]?.day ?? 1;
}

/** A step as a template keeps it (and a duplicated workshop starts with it): no timer, no results. */
export type TemplateStep = { kind: StepKind; title: string | null; settings: StepSettings; day: number };

/**
 * A step's settings in another workshop: chosen challenges are mapped to their copies (`idMap`;
 * unknown ones dropped, none left: all open), "top N" of a vote that has not happened opens all,
 * and a vote starts unrevealed.
 */
export function reusableSettings(settings: StepSettings, idMap: ReadonlyMap<string, string> = new Map()): StepSettings {
  const next: StepSettings = {};
  const open = settings.openChallenges;
  if (open) {
    const ids = open.mode === "selected" ? open.ids.flatMap((id) => idMap.get(id) ?? []) : [];
    next.openChallenges = ids.length ? { mode: "selected", ids } : { mode: "all" };
  }
  if (settings.vote) {
    const challengeIds = settings.vote.challengeIds?.flatMap((id) => idMap.get(id) ?? []) ?? null;
    next.vote = { ...settings.vote, revealed: false, challengeIds: challengeIds?.length ? challengeIds : null };
  }
  return next;
}

/** The calendar date of `day` when the workshop has a start date (YYYY-MM-DD), else null. */
export function dateOfDay(startsOn: string | null, day: number): string | null {
  if (!startsOn || !/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) return null;
  const date = new Date(`${startsOn}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + day - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The stored form of the facilitator's choice. `rankedChallengeIds` is the last challenge vote's
 * ranking (every visible challenge, best first, ties broken as the ranking breaks them).
 */
export function resolveOpenChallenges(choice: OpenChallengesChoice, rankedChallengeIds: readonly string[]): OpenChallenges {
  if (choice.mode !== "top") return choice;
  return { mode: "top", n: choice.n, ids: rankedChallengeIds.slice(0, Math.max(0, choice.n)) };
}

type ChallengeLike = { id: string; kind: string; status: string; mergedInto: string | null; createdAt: number };

/**
 * The challenges open for solutions under a step's setting, as ids: every visible challenge
 * ("all", oldest first), or the stored list ("top": in ranking order; "selected": oldest first).
 * A chosen challenge merged since stands for the one it was merged into; hidden ones are closed.
 */
export function openChallengeIds(open: OpenChallenges | undefined, contributions: readonly ChallengeLike[]): string[] {
  const challenges = contributions.filter((c) => c.kind === "challenge");
  const byAge = challenges.filter((c) => c.status === "visible").sort((a, b) => a.createdAt - b.createdAt);
  if (!open || open.mode === "all") return byAge.map((c) => c.id);
  const byId = new Map(challenges.map((c) => [c.id, c]));
  const chosen = new Set<string>();
  for (const id of open.ids ?? []) {
    const c = survivorOf(byId, id);
    if (c?.status === "visible") chosen.add(c.id);
  }
  return open.mode === "top" ? [...chosen] : byAge.filter((c) => chosen.has(c.id)).map((c) => c.id);
}

// ── Timer ────────────────────────────────────────────────────────────────────────────────────

export const MAX_TIMER_MS = 8 * 60 * 60 * 1000;

export function newTimer(durationMs: number): Timer {
  const ms = clampMs(durationMs);
  return { durationMs: ms, remainingMs: ms, endsAt: null };
}

const clampMs = (ms: number) => Math.max(0, Math.min(MAX_TIMER_MS, Math.round(ms)));

export function timerRemainingMs(timer: Timer, now: number): number {
  return timer.endsAt === null ? timer.remainingMs : Math.max(0, timer.endsAt - now);
}

export const isTimerRunning = (timer: Timer | null, now: number) => timer !== null && timer.endsAt !== null && timer.endsAt > now;

/** How a timer reads at `now` (on the server's clock): what every screen shows and the agenda panel offers. */
export type TimerState = { phase: "running" | "paused" | "up"; remainingMs: number };
export function timerState(timer: Timer, now: number): TimerState {
  const remainingMs = timerRemainingMs(timer, now);
  return { phase: remainingMs === 0 ? "up" : isTimerRunning(timer, now) ? "running" : "paused", remainingMs };
}

/** How late after a timer's end the projector still chimes (a page opened later stays quiet). */
export const CHIME_WITHIN_MS = 5_000;

/**
 * The end a projector chimes for now: the timer's end time when it ran to zero a moment ago and
 * that end was not chimed for yet; null otherwise (paused, running, long over, or done already).
 */
export function timerEndToChime(timer: Timer | null, now: number, chimedFor: number | null): number | null {
  if (!timer?.endsAt || now < timer.endsAt || now - timer.endsAt > CHIME_WITHIN_MS) return null;
  return timer.endsAt === chimedFor ? null : timer.endsAt;
}

export type TimerAction =
  | { action: "set"; seconds: number }
  | { action: "start" }
  | { action: "pause" }
  | { action: "add"; seconds: number }
  | { action: "reset" };

/** The timer after a facilitator's action. Starting a finished timer starts it over. */
export function applyTimerAction(timer: Timer | null, command: TimerAction, now: number): Timer | null {
  switch (command.action) {
    case "set":
      return command.seconds > 0 ? newTimer(command.seconds * 1000) : null;
    case "start": {
      if (!timer) return null;
      const left = timerRemainingMs(timer, now);
      const remaining = left > 0 ? left : timer.durationMs;
      return { ...timer, remainingMs: remaining, endsAt: now + remaining };
    }
    case "pause":
      return timer && { ...timer, remainingMs: timerRemainingMs(timer, now), endsAt: null };
    case "add": {
      if (!timer) return command.seconds > 0 ? newTimer(command.seconds * 1000) : null;
      const delta = command.seconds * 1000;
      if (timer.endsAt !== null) {
        // Running, or run out: "one more minute" keeps (or gets) it going.
        const endsAt = Math.min(Math.max(timer.endsAt, now) + delta, now + MAX_TIMER_MS);
        return endsAt > now ? { ...timer, endsAt } : { ...timer, remainingMs: 0, endsAt: null };
      }
      return { ...timer, remainingMs: clampMs(timer.remainingMs + delta), endsAt: null };
    }
    case "reset":
      return timer && { ...timer, remainingMs: timer.durationMs, endsAt: null };
  }
}

/** "4:05" or "1:02:03": how a countdown reads on a phone and on the projector. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}
