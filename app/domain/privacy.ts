import { z } from "zod";
import type { ContributionView } from "./contributions";
import type { WorkshopStatus } from "./schemas";

/** A participant's personal fields (as the lobby and the log carry them); this module needs no more of them. */
type Person = { id: string; displayName: string | null; organisation: string | null; country: string | null };

/**
 * What happens to a participant's data when a facilitator removes them or erases it: the rules
 * the privacy service applies and the screens explain (docs/privacy.md).
 */

/**
 * What becomes of a removed participant's contributions: kept as they are, anonymised (no longer
 * linked to them; helix and role stay) or hidden (as moderation hides an item: votes on it go back).
 */
export const REMOVAL_CHOICES = ["keep", "anonymise", "hide"] as const;
export type RemovalChoice = (typeof REMOVAL_CHOICES)[number];

const participantId = z.string().min(1).max(64);

export const removeParticipantSchema = z.object({
  participantId,
  contributions: z.enum(REMOVAL_CHOICES),
});
export type RemoveParticipantInput = z.infer<typeof removeParticipantSchema>;

export const eraseParticipantSchema = z.object({ participantId });

/** The refusal reason a removed participant's screen recognises (their token no longer works). */
export const REMOVED_REASON = "participantRemoved";

/** Whether a refusal (handshake, socket message) says this participant was removed from the workshop. */
export const wasRemoved = (error: { reason?: { key: string } } | null | undefined): boolean =>
  error?.reason?.key === REMOVED_REASON;

/** The personal fields of a participant; erasure empties them. Helix and role stay (the results need them). */
export const PERSONAL_FIELDS = ["displayName", "organisation", "country"] as const;

export function erasedParticipant<P extends Omit<Person, "id">>(participant: P): P {
  return { ...participant, displayName: null, organisation: null, country: null };
}

/** A contribution no longer linked to its author: their helix and role stay with it. */
export function anonymisedContribution<C extends Pick<ContributionView, "authorId" | "authorName">>(contribution: C): C {
  return { ...contribution, authorId: null, authorName: null };
}

/** Which participants an erasure covers: some, or every participant of the workshop. */
export type ErasureScope = { everyone: true } | { everyone: false; participantIds: readonly string[] };

const covers = (scope: ErasureScope, id: string | null | undefined) =>
  Boolean(id) && (scope.everyone || scope.participantIds.includes(id as string));

/**
 * An event payload of the log with the erased participants' personal data taken out: their name,
 * organisation and country in `participant.*` events, and the author link and name of their
 * contributions. Every other payload comes back as it was (the same object).
 */
export function erasePayload(type: string, payload: unknown, scope: ErasureScope): unknown {
  const record = payload as Record<string, unknown> | null;
  if (!record || typeof record !== "object") return payload;
  if ((type === "participant.joined" || type === "participant.updated") && record.participant) {
    const participant = record.participant as Person;
    return covers(scope, participant.id) ? { ...record, participant: erasedParticipant(participant) } : payload;
  }
  if ((type === "contribution.created" || type === "contribution.updated") && record.contribution) {
    const contribution = record.contribution as ContributionView;
    return covers(scope, contribution.authorId) || (scope.everyone && contribution.authorName)
      ? { ...record, contribution: anonymisedContribution(contribution) }
      : payload;
  }
  return payload;
}

/** Event types whose payloads may carry a participant's personal data (erasure rewrites these). */
export const PERSONAL_EVENT_TYPES = [
  "participant.joined",
  "participant.updated",
  "contribution.created",
  "contribution.updated",
] as const;

/** A workshop's personal data may be erased once it is closed: while it runs, people still need their names. */
export function workshopErasureRefusal(status: WorkshopStatus): { key: string; message: string } | null {
  return status === "closed" ? null : { key: "eraseNotClosed", message: "Close the workshop before erasing its personal data." };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether the retention setting asks for this workshop's personal data to be erased now: closed
 * more than `retentionDays` days ago, and not erased since it was last closed (a workshop reopened
 * and closed again is erased again, for the people who joined meanwhile).
 */
export function retentionDue(
  workshop: {
    status: WorkshopStatus;
    closedAt: number | null;
    retentionDays: number | null;
    personalDataErasedAt: number | null;
  },
  now: number,
): boolean {
  const { status, closedAt, retentionDays, personalDataErasedAt } = workshop;
  if (status !== "closed" || closedAt === null || retentionDays === null) return false;
  if (personalDataErasedAt !== null && personalDataErasedAt >= closedAt) return false;
  return now - closedAt >= retentionDays * DAY_MS;
}
