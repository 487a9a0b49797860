import { eq, inArray } from "drizzle-orm";
import { contributions, votes, workshops } from "../db/schema";
import {
  type ContributionView,
  contributionRefSchema,
  editContributionSchema,
  mergeContributionsSchema,
  mergeRefusal,
  moveSolutionSchema,
  pinContributionSchema,
  planMerge,
} from "../domain/contributions";
import { fail, ok, type Result } from "../domain/result";
import type { NewWorkshopEvent } from "../domain/workshop-state";
import type { Actor } from "./actor";
import { keepRevision, loadContribution, loadContributions } from "./contributions.server";
import type { ServiceDeps } from "./deps.server";
import { facilitatorCommand, type Tx } from "./facilitator-command.server";
import { moveVotesOnMerge } from "./voting.server";
import type { createWorkshopService } from "./workshops.server";

/**
 * What facilitators do to keep the wall readable: hide and unhide, edit (the original wording is
 * kept), merge duplicates, move a solution to another challenge, pin one item on the projector.
 * Everything is logged and published; anyone else is refused and nothing changes.
 */
export function createModerationService(deps: ServiceDeps, workshopService: ReturnType<typeof createWorkshopService>) {
  const { publish } = deps;
  const moderate = facilitatorCommand(deps, workshopService, {
    forbidden: "Only the workshop's facilitators can moderate.",
  });

  const notFound = () => fail("not_found", "Contribution not found.");
  /** Whatever changes the ballot changes the totals on screen. */
  const withTallies = <T>(workshopId: string, result: Result<T>) => {
    if (result.ok) publish.votesChanged(workshopId);
    return result;
  };
  const updated = (view: ContributionView): NewWorkshopEvent => ({
    type: "contribution.updated",
    payload: { contribution: view },
  });

  /** Unpins `id` if it is pinned: a hidden or merged item never stays on the projector. */
  function unpinIfPinned(tx: Tx, workshopId: string, id: string, replacement: string | null = null): NewWorkshopEvent[] {
    const pinned = tx.select({ id: workshops.pinnedContributionId }).from(workshops).where(eq(workshops.id, workshopId)).get();
    if (pinned?.id !== id) return [];
    tx.update(workshops).set({ pinnedContributionId: replacement }).where(eq(workshops.id, workshopId)).run();
    return [{ type: "display.pinned", payload: { contributionId: replacement } }];
  }

  function setVisibility(actor: Actor, workshopId: string, input: unknown, status: "visible" | "hidden") {
    return moderate(actor, workshopId, contributionRefSchema, input, (tx, data) => {
      const item = loadContribution(tx, workshopId, data.contributionId);
      if (!item) return notFound();
      if (item.status !== "visible" && item.status !== "hidden")
        return fail("conflict", "Merged or withdrawn contributions cannot be hidden or shown.");
      if (item.status === status) return ok({ data: item, events: [] });
      tx.update(contributions).set({ status }).where(eq(contributions.id, item.id)).run();
      // A hidden item leaves the ballot for good: its points go back to the voters (showing it
      // again starts it from zero, so nobody can end up over budget).
      if (status === "hidden") tx.delete(votes).where(eq(votes.contributionId, item.id)).run();
      const view = { ...item, status };
      return ok({ data: view, events: [updated(view), ...(status === "hidden" ? unpinIfPinned(tx, workshopId, item.id) : [])] });
    });
  }

  return {
    hide: (actor: Actor, workshopId: string, input: unknown) =>
      withTallies(workshopId, setVisibility(actor, workshopId, input, "hidden")),
    unhide: (actor: Actor, workshopId: string, input: unknown) =>
      withTallies(workshopId, setVisibility(actor, workshopId, input, "visible")),

    edit(actor: Actor, workshopId: string, input: unknown): Result<ContributionView> {
      return moderate(actor, workshopId, editContributionSchema, input, (tx, data, now) => {
        const row = tx.select().from(contributions).where(eq(contributions.id, data.contributionId)).get();
        if (!row || row.workshopId !== workshopId) return notFound();
        if (row.title === data.title && row.body === data.body) {
          return ok({ data: loadContribution(tx, workshopId, row.id) as ContributionView, events: [] });
        }
        keepRevision(tx, row, actor, now);
        tx.update(contributions)
          .set({ title: data.title, body: data.body, editedAt: now })
          .where(eq(contributions.id, row.id))
          .run();
        const view = loadContribution(tx, workshopId, row.id) as ContributionView;
        return ok({ data: view, events: [updated(view)] });
      });
    },

    /** Merges a duplicate into the one that stays: it keeps the other's solutions (and, with voting, its votes). */
    merge(actor: Actor, workshopId: string, input: unknown): Result<ContributionView> {
      const merged = moderate(actor, workshopId, mergeContributionsSchema, input, (tx, data, now) => {
        const all = loadContributions(tx, workshopId);
        const source = all.find((c) => c.id === data.sourceId);
        const target = all.find((c) => c.id === data.targetId);
        if (!source || !target) return notFound();
        const refusal = mergeRefusal(source, target);
        if (refusal) return fail("conflict", refusal);
        const plan = planMerge(source, target, all);
        tx.update(contributions).set({ status: "merged", mergedInto: target.id }).where(eq(contributions.id, source.id)).run();
        if (plan.reparentedSolutionIds.length) {
          tx.update(contributions)
            .set({ parentId: target.id })
            .where(inArray(contributions.id, plan.reparentedSolutionIds))
            .run();
        }
        const voteSteps = moveVotesOnMerge(tx, source.id, target.id, now);
        if (plan.repointedMergedIds.length) {
          tx.update(contributions).set({ mergedInto: target.id }).where(inArray(contributions.id, plan.repointedMergedIds)).run();
        }
        const events: NewWorkshopEvent[] = [
          {
            type: "contribution.merged",
            payload: {
              sourceId: source.id,
              targetId: target.id,
              reparentedSolutionIds: plan.reparentedSolutionIds,
              repointedMergedIds: plan.repointedMergedIds,
            },
          },
          ...unpinIfPinned(tx, workshopId, source.id, target.id),
        ];
        return ok({ data: { target, voteSteps }, events });
      });
      if (!merged.ok) return merged;
      if (merged.data.voteSteps.length) publish.votesChanged(workshopId);
      return ok(merged.data.target);
    },

    moveSolution(actor: Actor, workshopId: string, input: unknown): Result<ContributionView> {
      return moderate(actor, workshopId, moveSolutionSchema, input, (tx, data) => {
        const solution = loadContribution(tx, workshopId, data.solutionId);
        const challenge = loadContribution(tx, workshopId, data.challengeId);
        if (!solution || !challenge) return notFound();
        if (solution.kind !== "solution" || challenge.kind !== "challenge")
          return fail("validation", "A solution moves to a challenge.");
        if (challenge.status !== "visible") return fail("conflict", "That challenge is hidden, merged or withdrawn.");
        if (solution.parentId === challenge.id) return ok({ data: solution, events: [] });
        tx.update(contributions).set({ parentId: challenge.id }).where(eq(contributions.id, solution.id)).run();
        const view = { ...solution, parentId: challenge.id };
        return ok({ data: view, events: [updated(view)] });
      });
    },

    /** Shows one visible contribution large on the projector (null takes it down). */
    pin(actor: Actor, workshopId: string, input: unknown): Result<{ contributionId: string | null }> {
      return moderate(actor, workshopId, pinContributionSchema, input, (tx, data) => {
        const { contributionId } = data;
        if (contributionId) {
          const item = loadContribution(tx, workshopId, contributionId);
          if (!item) return notFound();
          if (item.status !== "visible") return fail("conflict", "Only a visible contribution can be pinned.");
        }
        tx.update(workshops).set({ pinnedContributionId: contributionId }).where(eq(workshops.id, workshopId)).run();
        return ok({ data: { contributionId }, events: [{ type: "display.pinned", payload: { contributionId } }] });
      });
    },
  };
}
