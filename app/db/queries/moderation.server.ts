import { eq } from "drizzle-orm";
import type { ContributionView } from "../../domain/contributions";
import type { NewWorkshopEvent } from "../../domain/workshop-state";
import type { Tx } from "../client.server";
import { contributions, votes, workshops } from "../schema";
import { pointsOn } from "./votes.server";

/** Moderation's writes shared by the services that moderate (hiding, unpinning): one rule, one place. */

/** The event that tells every screen a contribution changed. */
export const updated = (view: ContributionView): NewWorkshopEvent => ({
  type: "contribution.updated",
  payload: { contribution: view },
});

/** Unpins `id` if it is pinned: a hidden or merged item never stays on the projector. */
export function unpinIfPinned(tx: Tx, workshopId: string, id: string, replacement: string | null = null): NewWorkshopEvent[] {
  const pinned = tx.select({ id: workshops.pinnedContributionId }).from(workshops).where(eq(workshops.id, workshopId)).get();
  if (pinned?.id !== id) return [];
  tx.update(workshops).set({ pinnedContributionId: replacement }).where(eq(workshops.id, workshopId)).run();
  return [{ type: "display.pinned", payload: { contributionId: replacement } }];
}

/**
 * Hides a visible contribution inside the caller's transaction and returns the events to log: the
 * rule moderation applies, and removing a participant with "hide" too. A hidden item leaves the
 * ballot for good: its points go back to the voters, who may spend them again (showing it again
 * brings it back with none, so nobody ends up over budget).
 */
export function hideContribution(tx: Tx, workshopId: string, item: ContributionView): NewWorkshopEvent[] {
  tx.update(contributions).set({ status: "hidden" }).where(eq(contributions.id, item.id)).run();
  const events: NewWorkshopEvent[] = [updated({ ...item, status: "hidden" })];
  const returned = pointsOn(tx, item.id);
  tx.delete(votes).where(eq(votes.contributionId, item.id)).run();
  if (returned.points > 0) events.push({ type: "votes.returned", payload: { contributionId: item.id, ...returned } });
  events.push(...unpinIfPinned(tx, workshopId, item.id));
  return events;
}
