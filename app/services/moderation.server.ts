import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Reader } from "../db/client.server";
import { first } from "../db/first.server";
import { keepRevision, loadContribution, loadContributions, loadRevisions } from "../db/queries/contributions.server";
import { hideContribution, unpinIfPinned, updated } from "../db/queries/moderation.server";
import { lockVotersAndItems, moveVotesOnMerge, pointsOn } from "../db/queries/votes.server";
import type { Workshop } from "../db/schema";
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
  const { contributions, workshops } = db.tables;
  const facilitator = (database: Reader, actor: Actor, workshopId: string) =>
    asFacilitator(database, actor, workshopId, "Only the workshop's facilitators can moderate.");
  /** The command runner: AUTH (a facilitator of this workshop) → VALIDATION → RESOLUTION, in one transaction → publish. */
  const moderate = async <S extends z.ZodTypeAny, T>(
    actor: Actor,
    workshopId: string,
    schema: S,
    input: unknown,
    resolve: CommandSpec<S, Workshop, T>["resolve"],
  ): Promise<Result<T>> => await run(actor, workshopId, input, { authorize: facilitator, schema, resolve });

  const notFound = () => fail("not_found", "Contribution not found.");

  function setVisibility(actor: Actor, workshopId: string, input: unknown, status: "visible" | "hidden") {
    return moderate(actor, workshopId, contributionRefSchema, input, async (tx, data) => {
      const item = await loadContribution(tx, workshopId, data.contributionId);
      if (!item) return notFound();
      if (item.status !== "visible" && item.status !== "hidden")
        return refuse("conflict", "cannotHideMerged", "Merged or withdrawn contributions cannot be hidden or shown.");
      if (item.status === status) return ok({ data: item, events: [] });
      if (status === "hidden")
        return ok({ data: { ...item, status }, events: await hideContribution(tx, workshopId, item), changed: { votes: true } });
      await tx.update(contributions).set({ status }).where(eq(contributions.id, item.id));
      const view = { ...item, status };
      return ok({ data: view, events: [updated(view)], changed: { votes: true } });
    });
  }

  return {
    hide: (actor: Actor, workshopId: string, input: unknown) => setVisibility(actor, workshopId, input, "hidden"),
    unhide: (actor: Actor, workshopId: string, input: unknown) => setVisibility(actor, workshopId, input, "visible"),

    /** What hiding an item would give back: its points (in every vote) and how many voters gave them. */
    async hideImpact(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ points: number; voters: number }>> {
      const allowed = await facilitator(db, actor, workshopId);
      if (!allowed.ok) return allowed;
      const parsed = contributionRefSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      if (!(await loadContribution(db, workshopId, parsed.data.contributionId))) return notFound();
      return ok(await pointsOn(db, parsed.data.contributionId));
    },

    /**
     * Facilitators: every earlier wording of a contribution, oldest first, with who replaced it (the
     * participant, or a facilitator by name) and when. Never sent to phones or the projector.
     */
    async history(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ revisions: ContributionRevision[] }>> {
      const allowed = await facilitator(db, actor, workshopId);
      if (!allowed.ok) return allowed;
      const parsed = contributionRefSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      if (!(await loadContribution(db, workshopId, parsed.data.contributionId))) return notFound();
      return ok({ revisions: await loadRevisions(db, workshopId, parsed.data.contributionId) });
    },

    async edit(actor: Actor, workshopId: string, input: unknown): Promise<Result<ContributionView>> {
      return await moderate(actor, workshopId, editContributionSchema, input, async (tx, data, { now }) => {
        const row = await first(tx.select().from(contributions).where(eq(contributions.id, data.contributionId)));
        if (!row || row.workshopId !== workshopId) return notFound();
        if (row.title === data.title && row.body === data.body) {
          return ok({ data: (await loadContribution(tx, workshopId, row.id)) as ContributionView, events: [] });
        }
        await keepRevision(tx, row, actorLabel(actor), now);
        await tx
          .update(contributions)
          .set({ title: data.title, body: data.body, editedAt: now })
          .where(eq(contributions.id, row.id));
        const view = (await loadContribution(tx, workshopId, row.id)) as ContributionView;
        return ok({ data: view, events: [updated(view)] });
      });
    },

    /** Merges a duplicate into the one that stays: it keeps the other's solutions (and, with voting, its votes). */
    async merge(actor: Actor, workshopId: string, input: unknown): Promise<Result<ContributionView>> {
      return await moderate(actor, workshopId, mergeContributionsSchema, input, async (tx, data, { now }) => {
        await lockVotersAndItems(tx, workshopId, [data.sourceId, data.targetId]);
        const all = await loadContributions(tx, workshopId);
        const source = all.find((c) => c.id === data.sourceId);
        const target = all.find((c) => c.id === data.targetId);
        if (!source || !target) return notFound();
        const refusal = mergeRefusal(source, target);
        if (refusal) return refuse("conflict", refusal.key, refusal.message);
        const plan = planMerge(source, target, all);
        await tx.update(contributions).set({ status: "merged", mergedInto: target.id }).where(eq(contributions.id, source.id));
        if (plan.reparentedSolutionIds.length) {
          await tx
            .update(contributions)
            .set({ parentId: target.id })
            .where(inArray(contributions.id, plan.reparentedSolutionIds));
        }
        const voteSteps = await moveVotesOnMerge(tx, source.id, target.id, now);
        if (plan.repointedMergedIds.length) {
          await tx.update(contributions).set({ mergedInto: target.id }).where(inArray(contributions.id, plan.repointedMergedIds));
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
          ...(await unpinIfPinned(tx, workshopId, source.id, target.id)),
        ];
        return ok({ data: target, events, changed: { votes: voteSteps.length > 0 } });
      });
    },

    async moveSolution(actor: Actor, workshopId: string, input: unknown): Promise<Result<ContributionView>> {
      return await moderate(actor, workshopId, moveSolutionSchema, input, async (tx, data) => {
        const solution = await loadContribution(tx, workshopId, data.solutionId);
        const challenge = await loadContribution(tx, workshopId, data.challengeId);
        if (!solution || !challenge) return notFound();
        if (solution.kind !== "solution" || challenge.kind !== "challenge")
          return refuse("validation", "moveToChallenge", "A solution moves to a challenge.");
        if (challenge.status !== "visible")
          return refuse("conflict", "challengeNotVisible", "That challenge is hidden, merged or withdrawn.");
        if (solution.parentId === challenge.id) return ok({ data: solution, events: [] });
        await tx.update(contributions).set({ parentId: challenge.id }).where(eq(contributions.id, solution.id));
        const view = { ...solution, parentId: challenge.id };
        return ok({ data: view, events: [updated(view)] });
      });
    },

    /** Shows one visible contribution large on the projector (null takes it down). */
    async pin(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ contributionId: string | null }>> {
      return await moderate(actor, workshopId, pinContributionSchema, input, async (tx, data) => {
        const { contributionId } = data;
        if (contributionId) {
          const item = await loadContribution(tx, workshopId, contributionId);
          if (!item) return notFound();
          if (item.status !== "visible") return refuse("conflict", "pinNotVisible", "Only a visible contribution can be pinned.");
        }
        await tx.update(workshops).set({ pinnedContributionId: contributionId }).where(eq(workshops.id, workshopId));
        return ok({ data: { contributionId }, events: [{ type: "display.pinned", payload: { contributionId } }] });
      });
    },
  };
}
