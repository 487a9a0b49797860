import { and, asc, eq, inArray, type Placeholder, sql } from "drizzle-orm";
import { emptyHelixCounts, type Helix } from "../../domain/helix";
import type { RecommendationView } from "../../domain/recommendations";
import type { EndorsementCounts } from "../../domain/workshop-state";
import type { Reader } from "../client.server";
import { endorsements, type RecommendationRow, recommendationLinks, recommendations } from "../schema";

/** Endorsement counts per recommendation and helix, for one workshop. */
export function endorsementCounts(tx: Reader, workshopId: string): EndorsementCounts {
  return endorsementCountsOf(endorsementCountsQuery(tx, workshopId).all());
}

/** Endorsements counted by recommendation and helix (`workshopId` may be a placeholder). */
export const endorsementCountsQuery = (tx: Reader, workshopId: string | Placeholder) =>
  tx
    .select({ id: endorsements.recommendationId, helix: endorsements.helix, n: sql<number>`count(*)` })
    .from(endorsements)
    .where(eq(endorsements.workshopId, workshopId))
    .groupBy(endorsements.recommendationId, endorsements.helix);

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
export function myEndorsements(tx: Reader, participantId: string, workshopId: string): string[] {
  return tx
    .select({ id: endorsements.recommendationId })
    .from(endorsements)
    .where(and(eq(endorsements.participantId, participantId), eq(endorsements.workshopId, workshopId)))
    .all()
    .map((r) => r.id);
}

/** The workshop's recommendations in the facilitators' order, with links and endorsement counts. */
export function loadRecommendations(tx: Reader, workshopId: string): RecommendationView[] {
  const rows = tx
    .select()
    .from(recommendations)
    .where(eq(recommendations.workshopId, workshopId))
    .orderBy(asc(recommendations.position))
    .all();
  if (rows.length === 0) return [];
  const links = tx
    .select()
    .from(recommendationLinks)
    .where(
      inArray(
        recommendationLinks.recommendationId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(recommendationLinks.position))
    .all();
  const counts = endorsementCounts(tx, workshopId);
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
