import { and, asc, eq, inArray, type Placeholder, sql } from "drizzle-orm";
import { emptyHelixCounts, type Helix } from "../../domain/helix";
import type { RecommendationView } from "../../domain/recommendations";
import type { EndorsementCounts } from "../../domain/workshop-state";
import type { Reader } from "../client.server";
import type { RecommendationRow } from "../schema";

/** Endorsement counts per recommendation and helix, for one workshop. */
export async function endorsementCounts(tx: Reader, workshopId: string): Promise<EndorsementCounts> {
  return endorsementCountsOf(await endorsementCountsQuery(tx, workshopId));
}

/** Endorsements counted by recommendation and helix (`workshopId` may be a placeholder). */
export const endorsementCountsQuery = (tx: Reader, workshopId: string | Placeholder) => {
  const { endorsements } = tx.tables;
  return tx
    .select({ id: endorsements.recommendationId, helix: endorsements.helix, n: sql<number>`count(*)`.mapWith(Number) })
    .from(endorsements)
    .where(eq(endorsements.workshopId, workshopId))
    .groupBy(endorsements.recommendationId, endorsements.helix);
};

/** The rows of `endorsementCountsQuery` as counts by helix per recommendation. */
export function endorsementCountsOf(rows: { id: string; helix: Helix; n: number }[]): EndorsementCounts {
  const counts: EndorsementCounts = {};
  for (const row of rows) {
    counts[row.id] ??= emptyHelixCounts();
    counts[row.id][row.helix] = row.n;
  }
  return counts;
}

/** The recommendations a participant endorsed (their phone shows them as such); none for anyone else. */
export async function myEndorsements(tx: Reader, participantId: string, workshopId: string): Promise<string[]> {
  const { endorsements } = tx.tables;
  return (
    await tx
      .select({ id: endorsements.recommendationId })
      .from(endorsements)
      .where(and(eq(endorsements.participantId, participantId), eq(endorsements.workshopId, workshopId)))
  ).map((r) => r.id);
}

/** The workshop's recommendations in the facilitators' order, with links and endorsement counts. */
export async function loadRecommendations(tx: Reader, workshopId: string): Promise<RecommendationView[]> {
  const { recommendationLinks, recommendations } = tx.tables;
  const rows = await tx
    .select()
    .from(recommendations)
    .where(eq(recommendations.workshopId, workshopId))
    .orderBy(asc(recommendations.position));
  if (rows.length === 0) return [];
  const links = await tx
    .select()
    .from(recommendationLinks)
    .where(
      inArray(
        recommendationLinks.recommendationId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(recommendationLinks.position));
  const counts = await endorsementCounts(tx, workshopId);
  return rows.map((row) =>
    view(
      row,
      links.filter((l) => l.recommendationId === row.id).map((l) => l.contributionId),
      counts,
    ),
  );
}

function view(row: RecommendationRow, linkedIds: string[], counts: EndorsementCounts): RecommendationView {
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    body: row.body,
    owner: row.ownerKind === "helix" ? { kind: "helix", helix: row.owner as Helix } : { kind: "organisation", name: row.owner },
    deadline: row.deadline,
    priority: row.priority,
    linkedIds,
    endorsements: counts[row.id] ?? emptyHelixCounts(),
    updatedAt: row.updatedAt,
  };
}
