import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Reader } from "../db/client.server";
import { keepRevision, loadContribution, loadContributions, loadRevisions } from "../db/queries/contributions.server";
import { hideContribution, unpinIfPinned, updated } from "../db/queries/moderation.server";
import { moveVotesOnMerge, pointsOn } from "../db/queries/votes.server";
import { contributions, type Workshop, workshops } from "../db/schema";
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
import type { ContributionRevision } from "../domain/report";
import { fail, ok, type Result, refuse, validationFailure } from "../domain/result";
import type { NewWorkshopEvent } from "../domain/workshop-state";
import { asFacilitator } from "./access.server";
import { type Actor, actorLabel } from "./actor";
import type { CommandSpec, RunCommand } from "./command.server";
import type { ServiceDeps } from "./deps.server";

/**
 * What facilitators do to keep the wall readable: hide and unhide, edit (the original wording is
 * kept), merge duplicates, move a solution to another challenge, pin one item on the projector.
 * Everything is logged and published; anyone else is refused and nothing changes.
 */
export function createModerationService({ db }: Pick<ServiceDeps, "db">, run: RunCommand) {
  const facilitator = (database: Reader, actor: Actor, workshopId: string) =>
    asFacilitator(database, actor, workshopId, "Only the workshop's facilitators can moderate.");
  /** AUTH (a facilitator of this workshop) → VALIDATION → one transaction → publish. */
  const moderate = <S extends z.ZodTypeAny, T>(
    actor: Actor,
    workshopId: string,
    schema: S,
    input: unknown,
    resolve: CommandSpec<S, Workshop, T>["resolve"],
  ): Result<T> => run(actor, workshopId, input, { authorize: facilitator, schema, resolve });

  const notFound = () => fail("not_found", "Contribution not found.");

  function setVisibility(actor: Actor, workshopId: string, input: unknown, status: "visible" | "hidden") {
    return moderate(actor, workshopId, contributionRefSchema, input, (tx, data) => {
      const item = loadContribution(tx, workshopId, data.contributionId);
      if (!item) return notFound();
      if (item.status !== "visible" && item.status !== "hidden")
        return refuse("conflict", "cannotHideMerged", "Merged or withdrawn contributions cannot be hidden or shown.");
      if (item.status === status) return ok({ data: item, events: [] });
      if (status === "hidden")
        return ok({ data: { ...item, status }, events: hideContribution(tx, workshopId, item), changed: { votes: true } });
      tx.update(contributions).set({ status }).where(eq(contributions.id, item.id)).run();
      const view = { ...item, status };
      return ok({ data: view, events: [updated(view)], changed: { votes: true } });
    });
  }

  return {
    hide: (actor: Actor, workshopId: string, input: unknown) => setVisibility(actor, workshopId, input, "hidden"),
    unhide: (actor: Actor, workshopId: string, input: unknown) => setVisibility(actor, workshopId, input, "visible"),

    /** What hiding an item would give back: its points (in every vote) and how many voters gave them. */
    hideImpact(actor: Actor, workshopId: string, input: unknown): Result<{ points: number; voters: number }> {
      const allowed = facilitator(db, actor, workshopId);
      if (!allowed.ok) return allowed;
      const parsed = contributionRefSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      if (!loadContribution(db, workshopId, parsed.data.contributionId)) return notFound();
      return ok(pointsOn(db, parsed.data.contributionId));
    },

    /**
     * Facilitators: every earlier wording of a contribution, oldest first, with who replaced it (the
     * participant, or a facilitator by name) and when. Never sent to phones or the projector.
     */
    history(actor: Actor, workshopId: string, input: unknown): Result<{ revisions: ContributionRevision[] }> {
      const allowed = facilitator(db, actor, workshopId);
      if (!allowed.ok) return allowed;
      const parsed = contributionRefSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      if (!loadContribution(db, workshopId, parsed.data.contributionId)) return notFound();
      return ok({ revisions: loadRevisions(db, workshopId, parsed.data.contributionId) });
    },

    edit(actor: Actor, workshopId: string, input: unknown): Result<ContributionView> {
      return moderate(actor, workshopId, editContributionSchema, input, (tx, data, { now }) => {
        const row = tx.select().from(contributions).where(eq(contributions.id, data.contributionId)).get();
        if (!row || row.workshopId !== workshopId) return notFound();
        if (row.title === data.title && row.body === data.body) {
          return ok({ data: loadContribution(tx, workshopId, row.id) as ContributionView, events: [] });
        }
        keepRevision(tx, row, actorLabel(actor), now);
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
      return moderate(actor, workshopId, mergeContributionsSchema, input, (tx, data, { now }) => {
        const all = loadContributions(tx, workshopId);
        const source = all.find((c) => c.id === data.sourceId);
        const target = all.find((c) => c.id === data.targetId);
        if (!source || !target) return notFound();
        const refusal = mergeRefusal(source, target);
        if (refusal) return refuse("conflict", refusal.key, refusal.message);
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
        return ok({ data: target, events, changed: { votes: voteSteps.length > 0 } });
      });
    },

    moveSolution(actor: Actor, workshopId: string, input: unknown): Result<ContributionView> {
      return moderate(actor, workshopId, moveSolutionSchema, input, (tx, data) => {
        const solution = loadContribution(tx, workshopId, data.solutionId);
        const challenge = loadContribution(tx, workshopId, data.challengeId);
        if (!solution || !challenge) return notFound();
        if (solution.kind !== "solution" || challenge.kind !== "challenge")
          return refuse("validation", "moveToChallenge", "A solution moves to a challenge.");
        if (challenge.status !== "visible")
          return refuse("conflict", "challengeNotVisible", "That challenge is hidden, merged or withdrawn.");
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
          if (item.status !== "visible") return refuse("conflict", "pinNotVisible", "Only a visible contribution can be pinned.");
        }
        tx.update(workshops).set({ pinnedContributionId: contributionId }).where(eq(workshops.id, workshopId)).run();
        return ok({ data: { contributionId }, events: [{ type: "display.pinned", payload: { contributionId } }] });
      });
    },
  };
}
