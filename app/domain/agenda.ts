import type { VoteSettings } from "./voting";

/**
 * The agenda of a workshop day: ordered steps of known kinds, what each kind allows, and the step
 * timer. Pure: the services enforce these rules, the screens use them to show what is possible.
 */
export const STEP_KINDS = [
  "lobby",
  "collect_challenges",
  "vote_challenges",
  "collect_solutions",
  "vote_solutions",
  "discussion",
  "recommendations",
  "closed",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

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

/** Which challenges take solutions in a collect-solutions step. */
export type OpenChallenges = { mode: "all" } | { mode: "top"; n: number } | { mode: "selected"; ids: string[] };

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
};

export type ContributionKind = "challenge" | "solution";

/** What participants may do in a step of this kind. */
export function stepAccepts(kind: StepKind | null | undefined, contribution: ContributionKind): boolean {
  return (
    (kind === "collect_challenges" && contribution === "challenge") ||
    (kind === "collect_solutions" && contribution === "solution")
  );
}

/**
 * The challenges open for solutions. `scores` ranks challenges for "top N" (the last vote's totals;
 * unvoted challenges count as 0); ties keep the order the challenges were submitted in.
 */
export function openChallengeIds(
  open: OpenChallenges | undefined,
  challenges: readonly { id: string; createdAt: number }[],
  scores: ReadonlyMap<string, number> = new Map(),
): string[] {
  const ordered = [...challenges].sort((a, b) => a.createdAt - b.createdAt);
  if (!open || open.mode === "all") return ordered.map((c) => c.id);
  if (open.mode === "selected") {
    const chosen = new Set(open.ids);
    return ordered.filter((c) => chosen.has(c.id)).map((c) => c.id);
  }
  return ordered
    .map((c, index) => ({ id: c.id, index, score: scores.get(c.id) ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, Math.max(0, open.n))
    .map((c) => c.id);
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

export const isTimerRunning = (timer: Timer, now: number) => timer.endsAt !== null && timer.endsAt > now;

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
