import { and, asc, eq, inArray } from "drizzle-orm";
import type { ContributionView } from "../../domain/contributions";
import type { ContributionRevision } from "../../domain/report";
import type { Reader, Tx } from "../client.server";
import type { Contribution } from "../schema";
import { contributionView } from "./views.server";

/** Contributions with their authors' names, as facilitators see them, oldest first. */
export async function loadContributions(tx: Reader, workshopId: string, ids?: string[]): Promise<ContributionView[]> {
  const { contributions, participants } = tx.tables;
  const where = ids
    ? and(eq(contributions.workshopId, workshopId), inArray(contributions.id, ids))
    : eq(contributions.workshopId, workshopId);
  return (
    await tx
      .select({ row: contributions, authorName: participants.displayName })
      .from(contributions)
      .leftJoin(participants, eq(participants.id, contributions.authorId))
      .where(where)
      .orderBy(asc(contributions.createdAt))
  ).map(({ row, authorName }) => contributionView(row, authorName ?? null));
}

export async function loadContribution(tx: Reader, workshopId: string, id: string): Promise<ContributionView | null> {
  return (await loadContributions(tx, workshopId, [id]))[0] ?? null;
}

/** Records the wording being replaced, so nothing a participant wrote is lost by an edit. */
export async function keepRevision(
  tx: Pick<Tx, "insert" | "tables">,
  row: Pick<Contribution, "id" | "title" | "body">,
  /** Who replaced it, as the event log names actors. */
  replacedBy: string,
  now: number,
) {
  const { contributionRevisions } = tx.tables;
  await tx
    .insert(contributionRevisions)
    .values({ contributionId: row.id, title: row.title, body: row.body, replacedBy, replacedAt: now });
}

/**
 * Every earlier wording of a workshop's contributions (or of the ones named), oldest first, with
 * who replaced it: the participant, or a facilitator by name. For facilitators and the report only.
 */
export async function loadRevisions(tx: Reader, workshopId: string, contributionId?: string): Promise<ContributionRevision[]> {
  const { contributionRevisions, contributions, facilitators } = tx.tables;
  const where = contributionId
    ? and(eq(contributions.workshopId, workshopId), eq(contributions.id, contributionId))
    : eq(contributions.workshopId, workshopId);
  const rows = await tx
    .select({ revision: contributionRevisions })
    .from(contributionRevisions)
    .innerJoin(contributions, eq(contributions.id, contributionRevisions.contributionId))
    .where(where)
    .orderBy(asc(contributionRevisions.replacedAt), asc(contributionRevisions.id));
  const facilitatorIds = [
    ...new Set(
      rows.flatMap(({ revision }) => (revision.replacedBy.startsWith("facilitator:") ? [revision.replacedBy.slice(12)] : [])),
    ),
  ];
  const names = new Map(
    facilitatorIds.length
      ? (
          await tx
            .select({ id: facilitators.id, name: facilitators.name })
            .from(facilitators)
            .where(inArray(facilitators.id, facilitatorIds))
        ).map((f) => [f.id, f.name] as const)
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
