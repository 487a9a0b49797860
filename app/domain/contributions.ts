import { z } from "zod";
import { MAX_DAYS, type OpenChallengesChoice } from "./agenda";
import type { Helix, Role } from "./helix";
import { STEP_KINDS } from "./step-kinds";
import { lineOfText, optionalText } from "./text";

/** Challenges and solutions as every screen sees them (redacted per audience by workshop-state.ts). */
export type ContributionStatus = "visible" | "hidden" | "merged" | "withdrawn";
export type ContributionView = {
  id: string;
  kind: "challenge" | "solution";
  /** For a solution: the challenge it answers. */
  parentId: string | null;
  title: string;
  body: string | null;
  status: ContributionStatus;
  mergedInto: string | null;
  /** "host": pre-loaded by the facilitators (the host's own challenges); "participant": from a phone. */
  origin: "participant" | "host";
  helix: Helix | null;
  role: Role | null;
  /** Facilitators always see the author; the room only in a named workshop. */
  authorName: string | null;
  /** Facilitators only. */
  authorId: string | null;
  createdAt: number;
  editedAt: number | null;
};

export const CONTRIBUTION_LIMITS = { title: 120, body: 1000, clientId: 64 } as const;

const id = z.string().min(1).max(64);
const clientId = z.string().min(8).max(CONTRIBUTION_LIMITS.clientId);
const title = lineOfText({ min: 1, max: CONTRIBUTION_LIMITS.title });
const body = optionalText({ max: CONTRIBUTION_LIMITS.body, multiline: true });

export const submitContributionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("challenge"), clientId, title, body }),
  z.object({ kind: z.literal("solution"), clientId, title, body, challengeId: id }),
]);
export type SubmitContributionInput = z.input<typeof submitContributionSchema>;

export const editContributionSchema = z.object({ contributionId: id, title, body });
/**
 * An author's edit of their own contribution. The phone's outbox gives it a client id: an edit sent
 * again after its answer was lost is answered as the first time, never applied over later changes.
 */
export const editOwnContributionSchema = editContributionSchema.extend({ clientId: clientId.optional() });
export const contributionRefSchema = z.object({ contributionId: id });
export const mergeContributionsSchema = z
  .object({ sourceId: id, targetId: id })
  .refine((m) => m.sourceId !== m.targetId, { path: ["targetId"], params: { key: "mergeIntoItself" } });
export const moveSolutionSchema = z.object({ solutionId: id, challengeId: id });
export const pinContributionSchema = z.object({ contributionId: id.nullable() });

// ── Agenda inputs ──────────────────────────────────────────────────────────────────────────────
export const stepKindSchema = z.enum(STEP_KINDS);
const stepTitle = optionalText({ max: 80 });
const day = z.number().int().min(1).max(MAX_DAYS);
/** A step added after `afterStepId` joins that step's day; with `day` (and no `afterStepId`) it ends that day. */
export const addStepSchema = z.object({ kind: stepKindSchema, title: stepTitle, afterStepId: id.nullish(), day: day.optional() });
/** Moves a step to another day of the workshop (it becomes that day's last step). */
export const setStepDaySchema = z.object({ stepId: id, day });
export const renameStepSchema = z.object({ stepId: id, title: stepTitle });
export const moveStepSchema = z.object({ stepId: id, toIndex: z.number().int().min(0).max(100) });
export const stepRefSchema = z.object({ stepId: id });
export const timerCommandSchema = z.object({
  stepId: id,
  command: z.discriminatedUnion("action", [
    z.object({
      action: z.literal("set"),
      seconds: z
        .number()
        .int()
        .min(0)
        .max(8 * 3600),
    }),
    z.object({ action: z.literal("start") }),
    z.object({ action: z.literal("pause") }),
    z.object({ action: z.literal("add"), seconds: z.number().int().min(-3600).max(3600) }),
    z.object({ action: z.literal("reset") }),
  ]),
});
export const openChallengesSchema: z.ZodType<OpenChallengesChoice> = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("all") }),
  z.object({ mode: z.literal("top"), n: z.number().int().min(1).max(50) }),
  z.object({ mode: z.literal("selected"), ids: z.array(id).max(200) }),
]);
export const setOpenChallengesSchema = z.object({ stepId: id, open: openChallengesSchema });

// ── Rules ──────────────────────────────────────────────────────────────────────────────────────

/** Contributions still in play: shown, or hidden by a moderator (and so restorable). */
export const isActive = (c: { status: ContributionStatus }) => c.status === "visible" || c.status === "hidden";

/** Why two contributions cannot be merged, or null when they can. */
export function mergeRefusal(
  source: Pick<ContributionView, "id" | "kind" | "status">,
  target: Pick<ContributionView, "id" | "kind" | "status">,
): { key: string; message: string } | null {
  if (source.id === target.id) return { key: "mergeIntoItself", message: "A contribution cannot be merged into itself." };
  if (source.kind !== target.kind) return { key: "mergeKinds", message: "Only two challenges or two solutions can be merged." };
  if (!isActive(source) || !isActive(target))
    return { key: "mergeInactive", message: "One of them was already merged or withdrawn." };
  // A hidden item is out of play: merging it would put it back in front of the room.
  if (source.status === "hidden" || target.status === "hidden")
    return { key: "mergeHidden", message: "Show the hidden one again before merging." };
  return null;
}

/**
 * What merging `source` into `target` changes: the source becomes "merged into" the target; its
 * solutions, and anything earlier merged into it, now belong to the target.
 */
export function planMerge(
  source: Pick<ContributionView, "id" | "kind">,
  target: Pick<ContributionView, "id">,
  all: readonly Pick<ContributionView, "id" | "parentId" | "mergedInto">[],
) {
  return {
    reparentedSolutionIds: source.kind === "challenge" ? all.filter((c) => c.parentId === source.id).map((c) => c.id) : [],
    repointedMergedIds: all.filter((c) => c.mergedInto === source.id).map((c) => c.id),
    target: target.id,
  };
}
