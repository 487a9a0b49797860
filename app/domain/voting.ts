import { z } from "zod";
import { DEFAULT_SUPPORT_THRESHOLD } from "./helix-metrics";
import type { WorkshopStatus } from "./schemas";
import { isVoteStep, type StepKind } from "./step-kinds";

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
  /**
   * The vote step the phone voted in. A vote queued offline must not land in a later vote: when
   * the room is in another step, it is refused (a retry of one already counted is still answered).
   */
  stepId: z.string().min(1).max(64).optional(),
});

export const voteSettingsInputSchema = z.object({
  stepId: z.string().min(1).max(64),
  settings: voteSettingsSchema.partial().omit({ revealed: true }),
});

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

/** The room as far as its vote is concerned: its step and the workshop's status. */
type RoomVote = { stepId: string | null; kind: StepKind | null | undefined; status: WorkshopStatus };

/**
 * A vote step is open while it is the room's step in a workshop that has not ended. When the room
 * moves on (or the workshop ends) its electorate is stored (`freeze`); when the room goes back to
 * it, it is open again and counts the room as it then is (`reopen`) until it ends again.
 */
export function electorateChanges(before: RoomVote, after: RoomVote): { freeze: string | null; reopen: string | null } {
  const openVote = (r: RoomVote) => (r.stepId && isVoteStep(r.kind) && r.status !== "closed" ? r.stepId : null);
  const was = openVote(before);
  const now = openVote(after);
  return { freeze: was && was !== now ? was : null, reopen: now && now !== was ? now : null };
}

/** Facilitators: show (or hide again) the results of a vote whose results are hidden until revealed. */
export const revealSchema = z.object({ stepId: z.string().min(1).max(64), revealed: z.boolean() });

/**
 * The answer to a vote: the points now on the item and what is left of the budget. `voteSeq` (the
 * workshop's vote counter, which the totals' `upTo` is compared with) is given only while the room
 * sees the totals: while results are hidden it would tell a voter how many votes the others cast.
 */
export type VoteAck = { contributionId: string; points: number; remaining: number; voteSeq?: number };
