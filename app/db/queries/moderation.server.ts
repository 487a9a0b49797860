import { eq } from "drizzle-orm";
import type { ContributionView } from "../../domain/contributions";
import type { NewWorkshopEvent } from "../../domain/workshop-state";
import type { Tx } from "../client.server";
import { first } from "../first.server";
import { pointsOn } from "./votes.server";

/** Moderation's writes shared by the services that moderate (hiding, unpinning): one rule, one place. */

/** The event that tells every screen a contribution changed. */
export const updated = (view: ContributionView): NewWorkshopEvent => ({
  type: "contribution.updated",
  payload: { contribution: view },
});

/** Unpins `id` if it is pinned: a hidden or merged item never stays on the projector. */
export async function unpinIfPinned(
  tx: Tx,
  workshopId: string,
  id: string,
  replacement: string | null = null,
): Promise<NewWorkshopEvent[]> {
  const { workshops } = tx.tables;
  const pinned = await first(
    tx.select({ id: workshops.pinnedContributionId }).from(workshops).where(eq(workshops.id, workshopId)),
  );
  if (pinned?.id !== id) return [];
  await tx.update(workshops).set({ pinnedContributionId: replacement }).where(eq(workshops.id, workshopId));
  return [{ type: "display.pinned", payload: { contributionId: replacement } }];
}

/**
 * Hides a visible contribution inside the caller's transaction and returns the events to log: the
 * rule moderation applies, and removing a participant with "hide" too. A hidden item leaves the
 * ballot for good: its points go back to the voters, who may spend them again (showing it again
 * brings it back with none, so nobody ends up over budget).
 */
export async function hideContribution(tx: Tx, workshopId: string, item: ContributionView): Promise<NewWorkshopEvent[]> {
  const { contributions } = tx.tables;
  await tx.update(contributions).set({ status: "hidden" }).where(eq(contributions.id, item.id));
  const events: NewWorkshopEvent[] = [updated({ ...item, status: "hidden" })];
  events.push(...(await returnVotesOn(tx, item.id)));
  events.push(...(await unpinIfPinned(tx, workshopId, item.id)));
  return events;
}

/**
 * Gives the points on an item leaving the ballot (hidden, withdrawn) back to its voters, in every
 * step: its votes are deleted, so votes are only ever on visible items and the totals the database
 * keeps (`vote_totals`, `vote_turnout`) are the room's. The event says how many, if any.
 */
export async function returnVotesOn(tx: Tx, contributionId: string): Promise<NewWorkshopEvent[]> {
  const { votes } = tx.tables;
  const returned = await pointsOn(tx, contributionId);
  if (returned.points === 0) return [];
  await tx.delete(votes).where(eq(votes.contributionId, contributionId));
  return [{ type: "votes.returned", payload: { contributionId, ...returned } }];
}
