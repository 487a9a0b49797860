import { z } from "zod";
import { emptyHelixCounts, type Helix, type HelixCounts, type Role, takesPartInDecisions } from "./helix";
import { helixSchema, type WorkshopStatus } from "./schemas";
import type { StepKind } from "./step-kinds";
import { lineOfText, optionalText } from "./text";

/**
 * Recommendations and the action plan: drafted by the facilitators (from the top solutions, which
 * they link), each with an owner, a deadline and a priority; endorsed by participants from their
 * phones during the recommendations step, endorsements counted by helix. Who endorsed what is never
 * shown to anyone: only the counts per helix leave the server.
 */
export const PRIORITIES = ["high", "medium", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const RECOMMENDATION_LIMITS = { title: 160, body: 1500, owner: 120, links: 10 } as const;

export type RecommendationOwner = { kind: "helix"; helix: Helix } | { kind: "organisation"; name: string };

export type RecommendationView = {
  id: string;
  /** Order on every screen and in the report (the facilitators' order). */
  position: number;
  title: string;
  body: string | null;
  owner: RecommendationOwner;
  /** A calendar date, YYYY-MM-DD, or none yet. */
  deadline: string | null;
  priority: Priority;
  /** Contributions (mostly solutions) it was drafted from, in the order the facilitator chose. */
  linkedIds: string[];
  endorsements: HelixCounts;
  /** When it was last saved: an edit made from an older copy is refused (two facilitators at once). */
  updatedAt: number;
};

const id = z.string().min(1).max(64);
const clientId = z.string().min(8).max(64);
const owner = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("helix"), helix: helixSchema }),
  z.object({ kind: z.literal("organisation"), name: lineOfText({ min: 1, max: RECOMMENDATION_LIMITS.owner }) }),
]);
/** A real day written YYYY-MM-DD (2025-02-30 is not one). */
export const isCalendarDate = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const parsed = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(d);
};
const deadline = z.preprocess(
  (v) => (v === "" ? null : v),
  z
    .string()
    .trim()
    .refine(isCalendarDate, { params: { key: "date" } })
    .nullish()
    .transform((v) => v ?? null),
);
const fields = {
  title: lineOfText({ min: 1, max: RECOMMENDATION_LIMITS.title }),
  body: optionalText({ max: RECOMMENDATION_LIMITS.body, multiline: true }),
  owner,
  deadline,
  priority: z.enum(PRIORITIES),
  linkedIds: z
    .array(id)
    .max(RECOMMENDATION_LIMITS.links)
    .default([])
    .transform((ids) => [...new Set(ids)]),
};

/** A new recommendation (clientId makes a retry harmless) or an edit of an existing one. */
export const saveRecommendationSchema = z
  .object({
    recommendationId: id.optional(),
    clientId: clientId.optional(),
    /** For an edit: the `updatedAt` of the copy the facilitator edited. */
    baseUpdatedAt: z.number().int().nonnegative().optional(),
    ...fields,
  })
  .strict()
  .refine((r) => (r.recommendationId === undefined) !== (r.clientId === undefined), {
    path: ["clientId"],
    params: { key: "invalid" },
    message: "Give a clientId to add a recommendation, or a recommendationId to edit one.",
  });
export type SaveRecommendationInput = z.input<typeof saveRecommendationSchema>;
export type SaveRecommendation = z.output<typeof saveRecommendationSchema>;

export const recommendationRefSchema = z.object({ recommendationId: id });
export const moveRecommendationSchema = z.object({ recommendationId: id, toIndex: z.number().int().min(0).max(200) });
/**
 * Endorse or take the endorsement back: a state, not a toggle, so a replay changes nothing. The
 * phone's outbox adds a client id: sent again after its answer was lost (even once the step is
 * over, or after a later change), it is answered as the first time and not applied again.
 */
export const endorseSchema = z.object({ recommendationId: id, endorsed: z.boolean(), clientId: clientId.optional() });

/** Observers watch: they neither vote nor endorse. */
export const canEndorse = (role: Role): boolean => takesPartInDecisions(role);

/** The room endorses during the recommendations step of a workshop that has not ended. */
export function endorsementsOpen(stepKind: StepKind | null | undefined, status: WorkshopStatus): boolean {
  return stepKind === "recommendations" && status !== "closed";
}

const PRIORITY_ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

/** The action plan's order: priority first, then the facilitators' order. */
export function actionPlanOrder<T extends Pick<RecommendationView, "priority" | "position">>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.position - b.position);
}

export function endorsementTotal(counts: HelixCounts): number {
  return counts.government + counts.academia + counts.business + counts.community;
}

export function noEndorsements(): HelixCounts {
  return emptyHelixCounts();
}
