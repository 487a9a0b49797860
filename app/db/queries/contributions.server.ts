import { and, asc, eq, inArray } from "drizzle-orm";
import type { ContributionView } from "../../domain/contributions";
import type { Reader } from "../client.server";
import { contributions, participants } from "../schema";
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
