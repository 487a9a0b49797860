import { and, asc, eq, inArray } from "drizzle-orm";
import type { ContributionView } from "../../domain/contributions";
import type { ContributionRevision } from "../../domain/report";
import type { Reader, Tx } from "../client.server";
import { type Contribution, contributionRevisions, contributions, facilitators, participants } from "../schema";
import { contributionView } from "./views.server";

/** Contributions with their authors' names, as facilitators see them, oldest first. */
export function loadContributions(tx: Reader, workshopId: string, ids?: string[]): ContributionView[] {
  const where = ids
    ? and(eq(contributions.workshopId, workshopId), inArray(contributions.id, ids))
    : eq(contributions.workshopId, workshopId);
  return tx
    .select({ row: contributions, authorName: participants.displayName })
    .from(contributions)
    .leftJoin(participants, eq(participants.id, contributions.authorId))
    .where(where)
    .orderBy(asc(contributions.createdAt))
    .all()
    .map(({ row, authorName }) => contributionView(row, authorName ?? null));
}

export function loadContribution(tx: Reader, workshopId: string, id: string): ContributionView | null {
  return loadContributions(tx, workshopId, [id])[0] ?? null;
}

/** Records the wording being replaced, so nothing a participant wrote is lost by an edit. */
export function keepRevision(
  tx: Pick<Tx, "insert">,
  row: Pick<Contribution, "id" | "title" | "body">,
  /** Who replaced it, as the event log names actors. */
  replacedBy: string,
  now: number,
) {
  tx.insert(contributionRevisions)
    .values({ contributionId: row.id, title: row.title, body: row.body, replacedBy, replacedAt: now })
    .run();
}

/**
 * Every earlier wording of a workshop's contributions (or of the ones named), oldest first, with
 * who replaced it: the participant, or a facilitator by name. For facilitators and the report only.
 */
export function loadRevisions(tx: Reader, workshopId: string, contributionId?: string): ContributionRevision[] {
  const where = contributionId
    ? and(eq(contributions.workshopId, workshopId), eq(contributions.id, contributionId))
    : eq(contributions.workshopId, workshopId);
  const rows = tx
    .select({ revision: contributionRevisions })
    .from(contributionRevisions)
    .innerJoin(contributions, eq(contributions.id, contributionRevisions.contributionId))
    .where(where)
    .orderBy(asc(contributionRevisions.replacedAt), asc(contributionRevisions.id))
    .all();
  const facilitatorIds = [
    ...new Set(
      rows.flatMap(({ revision }) => (revision.replacedBy.startsWith("facilitator:") ? [revision.replacedBy.slice(12)] : [])),
    ),
  ];
  const names = new Map(
    facilitatorIds.length
      ? tx
          .select({ id: facilitators.id, name: facilitators.name })
          .from(facilitators)
          .where(inArray(facilitators.id, facilitatorIds))
          .all()
          .map((f) => [f.id, f.name] as const)
      : [],
  );
  return rows.map(({ revision: r }) => {
    const byFacilitator = r.replacedBy.startsWith("facilitator:");
    return {
      contributionId: r.contributionId,
      title: r.title,
      body: r.body,
      replacedBy: byFacilitator ? "facilitator" : "participant",
      facilitator: byFacilitator ? (names.get(r.replacedBy.slice(12)) ?? null) : null,
      replacedAt: r.replacedAt,
    };
  });
}
