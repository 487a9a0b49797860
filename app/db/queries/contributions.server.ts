import { and, asc, eq, inArray } from "drizzle-orm";
import type { ContributionView } from "../../domain/contributions";
import type { Reader, Tx } from "../client.server";
import { type Contribution, contributionRevisions, contributions, participants } from "../schema";
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
