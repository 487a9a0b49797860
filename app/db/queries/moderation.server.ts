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
  const { contributions, votes } = tx.tables;
  await tx.update(contributions).set({ status: "hidden" }).where(eq(contributions.id, item.id));
  const events: NewWorkshopEvent[] = [updated({ ...item, status: "hidden" })];
  const returned = await pointsOn(tx, item.id);
  await tx.delete(votes).where(eq(votes.contributionId, item.id));
  if (returned.points > 0) events.push({ type: "votes.returned", payload: { contributionId: item.id, ...returned } });
  events.push(...(await unpinIfPinned(tx, workshopId, item.id)));
  return events;
}
