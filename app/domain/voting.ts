import { z } from "zod";
import type { StepKind } from "./agenda";
import { DEFAULT_SUPPORT_THRESHOLD } from "./helix-metrics";
import { currentStep, type WorkshopState } from "./workshop-state";

/**
 * Dot voting in a vote step: each participant spends a budget of points, at most `cap` on one
 * item. The rules are pure; the voting service applies them inside the write transaction.
 */
export const voteSettingsSchema = z.object({
  budget: z.number().int().min(1).max(50).default(5),
  cap: z.number().int().min(1).max(50).default(3),
  /** "live": everyone sees results as votes come in; "hidden": until the facilitator reveals them. */
  results: z.enum(["live", "hidden"]).default("live"),
  revealed: z.boolean().default(false),
  allowSelfVote: z.boolean().default(true),
  /** For a solution vote: the challenges whose solutions are on the ballot (null: all). */
  challengeIds: z.array(z.string().min(1).max(64)).max(200).nullable().default(null),
  /** Points per person a helix must give an item to count as supporting it. */
  supportThreshold: z.number().min(0).max(50).default(DEFAULT_SUPPORT_THRESHOLD),
});
export type VoteSettings = z.infer<typeof voteSettingsSchema>;
export const defaultVoteSettings = (): VoteSettings => voteSettingsSchema.parse({});

export const setVoteSchema = z.object({
  clientId: z.string().min(8).max(64),
  contributionId: z.string().min(1).max(64),
  /** The points this participant now gives the item (0 takes them all back). */
  points: z.number().int().min(0).max(50),
});

export const voteSettingsInputSchema = z.object({
  stepId: z.string().min(1).max(64),
  settings: voteSettingsSchema.partial().omit({ revealed: true }),
});

/** What a vote step votes on. */
export function ballotKind(kind: StepKind | null | undefined): "challenge" | "solution" | null {
  if (kind === "vote_challenges") return "challenge";
  if (kind === "vote_solutions") return "solution";
  return null;
}

export const isVoteStep = (kind: StepKind | null | undefined) => ballotKind(kind) !== null;

/** Whether the room (display, phones) may see the tallies of this vote now. */
export const resultsVisibleToRoom = (settings: VoteSettings) => settings.results === "live" || settings.revealed;

export type VoteRefusal = { key: "overCap" | "overBudget"; message: string };

/**
 * Whether a participant may now give `points` to `itemId`, given what they have given in this step
 * (`current`, by item). Returns the refusal, or null.
 */
export function voteRefusal(
  current: ReadonlyMap<string, number>,
  itemId: string,
  points: number,
  settings: Pick<VoteSettings, "budget" | "cap">,
): VoteRefusal | null {
  if (points > settings.cap) return { key: "overCap", message: `At most ${settings.cap} points on one item.` };
  let spentElsewhere = 0;
  for (const [id, p] of current) if (id !== itemId) spentElsewhere += p;
  if (spentElsewhere + points > settings.budget) {
    return {
      key: "overBudget",
      message: `That would take you over your ${settings.budget} points: ${settings.budget - spentElsewhere} left for this item.`,
    };
  }
  return null;
}

export function remainingPoints(current: Iterable<number>, budget: number): number {
  let spent = 0;
  for (const p of current) spent += p;
  return Math.max(0, budget - spent);
}

/**
 * When two items merge, each voter's points on the merged one move to the survivor, up to the
 * cap; what would go over the cap is returned to the voter (simply no longer spent).
 */
export function mergedPoints(onSource: number, onTarget: number, cap: number): { points: number; returned: number } {
  const points = Math.min(cap, onSource + onTarget);
  return { points, returned: onSource + onTarget - points };
}

/** The items a vote step votes on: visible items of its kind (for solutions, of the chosen challenges). */
export function ballotItems<T extends { kind: string; status: string; parentId: string | null }>(
  contributions: readonly T[],
  kind: "challenge" | "solution",
  settings: Pick<VoteSettings, "challengeIds">,
): T[] {
  return contributions.filter(
    (c) =>
      c.kind === kind &&
      c.status === "visible" &&
      (kind === "challenge" || !settings.challengeIds || settings.challengeIds.includes(c.parentId ?? "")),
  );
}

/** A step's vote settings, defaults filled in. */
export const voteSettingsOf = (step: { settings: { vote?: Partial<VoteSettings> } }): VoteSettings =>
  voteSettingsSchema.parse(step.settings.vote ?? {});

/**
 * The vote the room is in, as every screen needs it: its step, what it votes on, its rules, the
 * items on the ballot, and its totals when this screen may see them. Null outside vote steps.
 */
export function currentVote(state: WorkshopState) {
  const step = currentStep(state);
  const kind = ballotKind(step?.kind);
  if (!step || !kind) return null;
  const settings = voteSettingsOf(step);
  return {
    step,
    kind,
    settings,
    items: ballotItems(state.contributions, kind, settings),
    tallies: state.tallies?.stepId === step.id ? state.tallies : null,
  };
}
