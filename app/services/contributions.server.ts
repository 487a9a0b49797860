import { and, eq } from "drizzle-orm";
import type { Reader } from "../db/client.server";
import { first } from "../db/first.server";
import { roomNow } from "../db/queries/agenda.server";
import { keepRevision, loadContribution, loadContributions } from "../db/queries/contributions.server";
import { returnVotesOn } from "../db/queries/moderation.server";
import { recordRequest, seenRequest } from "../db/queries/requests.server";
import { contributionView } from "../db/queries/views.server";
import type { Contribution, Participant } from "../db/schema";
import {
  type ContributionView,
  contributionRefSchema,
  editOwnContributionSchema,
  submitContributionSchema,
} from "../domain/contributions";
import { survivorOf } from "../domain/merges";
import { fail, ok, type Result, refuse } from "../domain/result";
import { canChangeContribution, challengesOpenForSolutions, submittableKind } from "../domain/selectors";
import type { NewWorkshopEvent } from "../domain/workshop-state";
import { asFacilitator, asParticipant } from "./access.server";
import { type Actor, actorLabel } from "./actor";
import { openWorkshop, type RunCommand } from "./command.server";
import type { ServiceDeps } from "./deps.server";

const STEP_REFUSAL = {
  challenge: "Challenges can only be submitted while the room is collecting challenges.",
  solution: "Solutions can only be submitted while the room is collecting solutions.",
} as const;

/** Who may submit: a participant of the workshop, or one of its facilitators (the host's own challenges). */
type Author = { kind: "participant"; row: Participant } | { kind: "facilitator"; facilitatorId: string };
async function asAuthor(db: Reader, actor: Actor, workshopId: string): Promise<Result<Author>> {
  if (actor.kind === "facilitator") {
    const managed = await asFacilitator(db, actor, workshopId);
    return managed.ok ? ok({ kind: "facilitator", facilitatorId: actor.facilitatorId }) : managed;
  }
  if (actor.kind !== "participant") return fail("forbidden", "Only participants and facilitators can contribute.");
  const me = await asParticipant(db, actor, workshopId);
  return me.ok ? ok({ kind: "participant", row: me.data }) : me;
}

/**
 * What participants write: challenges and solutions, each submitted once whatever the retries
 * (the phone's client id is the idempotency key), editable and withdrawable by its author while its
 * step is open. Facilitators pre-load the host's own challenges at any time. What a participant may
 * submit, and for which challenges, is the domain's selectors' answer: the phone asks the same.
 */
export function createContributionService({ random }: Pick<ServiceDeps, "random">, run: RunCommand) {
  async function submit(actor: Actor, workshopId: string, input: unknown): Promise<Result<ContributionView>> {
    return run(actor, workshopId, input, {
      authorize: asAuthor,
      schema: submitContributionSchema,
      resolve: async (tx, data, { actor: author, now }) => {
        const { contributions } = tx.tables;
        // A retry of something already stored returns it unchanged: never a second row.
        const existing = await first(
          tx
            .select()
            .from(contributions)
            .where(and(eq(contributions.workshopId, workshopId), eq(contributions.clientId, data.clientId))),
        );
        if (existing) {
          const sameAuthor =
            author.kind === "participant"
              ? existing.authorId === author.row.id
              : existing.authorFacilitatorId === author.facilitatorId;
          if (!sameAuthor) return refuse("conflict", "submissionIdUsed", "This submission id is already used.");
          return ok({ data: (await loadContribution(tx, workshopId, existing.id)) as ContributionView, events: [] });
        }

        const { workshop, step } = await roomNow(tx, workshopId);
        if (!workshop) return fail("not_found", "Workshop not found.");
        const open = openWorkshop(workshop);
        if (!open.ok) return open;
        const room = { status: workshop.status, step };
        if (author.kind === "participant" && submittableKind(room) !== data.kind)
          return refuse(
            "conflict",
            data.kind === "challenge" ? "challengesNotOpen" : "solutionsNotOpen",
            STEP_REFUSAL[data.kind],
          );
        if (author.kind === "facilitator" && data.kind !== "challenge")
          return refuse(
            "validation",
            "facilitatorSolution",
            "Facilitators pre-load challenges; solutions come from participants.",
          );

        let parentId: string | null = null;
        if (data.kind === "solution") {
          const all = await loadContributions(tx, workshopId);
          const challenge = survivorOf(new Map(all.map((c) => [c.id, c])), data.challengeId);
          if (
            challenge?.kind !== "challenge" ||
            challenge.status !== "visible" ||
            !challengesOpenForSolutions(room, all).includes(challenge.id)
          ) {
            return fail("validation", "This challenge does not take solutions in this step.", {
              challengeId: { key: "challengeNotOpen" },
            });
          }
          parentId = challenge.id;
        }

        const me = author.kind === "participant" ? author.row : null;
        const row: Contribution = {
          id: random.uuid(),
          workshopId,
          kind: data.kind,
          parentId,
          title: data.title,
          body: data.body,
          origin: author.kind === "facilitator" ? "host" : "participant",
          authorId: me?.id ?? null,
          authorFacilitatorId: author.kind === "facilitator" ? author.facilitatorId : null,
          helix: me?.helix ?? null,
          role: me?.role ?? null,
          status: "visible",
          mergedInto: null,
          clientId: data.clientId,
          createdAt: now,
          editedAt: null,
        };
        await tx.insert(contributions).values(row);
        const view = contributionView(row, me?.displayName ?? null);
        return ok({ data: view, events: [{ type: "contribution.created", payload: { contribution: view } }] });
      },
    });
  }

  /** The author's own contribution, while the step that takes its kind is still the room's step. */
  async function ownOpen(tx: Reader, me: Participant, workshopId: string, contributionId: string): Promise<Result<Contribution>> {
    const { contributions } = tx.tables;
    const row = await first(tx.select().from(contributions).where(eq(contributions.id, contributionId)));
    if (!row || row.workshopId !== workshopId) return fail("not_found", "Contribution not found.");
    if (row.authorId !== me.id) return fail("forbidden", "Only the author can change a contribution.");
    if (row.status !== "visible") return refuse("conflict", "contributionLocked", "This contribution can no longer be changed.");
    const { workshop, step } = await roomNow(tx, workshopId);
    if (!workshop || !canChangeContribution({ status: workshop.status, step }, row))
      return refuse("conflict", "stepOverForChanges", "This step is over: contributions can no longer be changed.");
    return ok(row);
  }

  const asAuthorOfOwn = (db: Reader, actor: Actor, workshopId: string) =>
    asParticipant(db, actor, workshopId, "Only the author can change a contribution.");

  return {
    submit,

    /**
     * The author rewords their contribution while its step is open. An edit sent again with the
     * same client id (the phone's outbox, after a lost answer) is answered with the contribution
     * as it stands, even once the step is over, and never applied again over later changes.
     */
    async edit(actor: Actor, workshopId: string, input: unknown): Promise<Result<ContributionView>> {
      return run(actor, workshopId, input, {
        authorize: asAuthorOfOwn,
        schema: editOwnContributionSchema,
        resolve: async (tx, data, { actor: me, now }) => {
          const { contributions } = tx.tables;
          if (data.clientId) {
            const seen = await seenRequest(tx, me.id, data.clientId);
            if (seen) {
              if (seen.kind !== "contribution.edit" || seen.targetId !== data.contributionId)
                return fail("conflict", "This edit id is already used.");
              return ok({ data: (await loadContribution(tx, workshopId, seen.targetId)) as ContributionView, events: [] });
            }
          }
          const own = await ownOpen(tx, me, workshopId, data.contributionId);
          if (!own.ok) return own;
          if (data.clientId)
            await recordRequest(tx, {
              participantId: me.id,
              clientId: data.clientId,
              kind: "contribution.edit",
              targetId: own.data.id,
              now,
            });
          if (own.data.title === data.title && own.data.body === data.body)
            return ok({ data: (await loadContribution(tx, workshopId, own.data.id)) as ContributionView, events: [] });
          await keepRevision(tx, own.data, actorLabel(actor), now);
          await tx
            .update(contributions)
            .set({ title: data.title, body: data.body, editedAt: now })
            .where(eq(contributions.id, own.data.id));
          const view = (await loadContribution(tx, workshopId, own.data.id)) as ContributionView;
          return ok({ data: view, events: [{ type: "contribution.updated", payload: { contribution: view } }] });
        },
      });
    },

    /**
     * The author takes back a contribution. Refused once others have answered it. Withdrawing what
     * its author already withdrew is answered as the first time (a withdrawal is final, so the
     * state alone tells a retry: no client id needed).
     */
    async withdraw(actor: Actor, workshopId: string, input: unknown): Promise<Result<{ id: string }>> {
      return run(actor, workshopId, input, {
        authorize: asAuthorOfOwn,
        schema: contributionRefSchema,
        resolve: async (tx, data, { actor: me, now }) => {
          const { contributions, workshops } = tx.tables;
          const row = await first(tx.select().from(contributions).where(eq(contributions.id, data.contributionId)));
          if (row?.workshopId === workshopId && row.authorId === me.id && row.status === "withdrawn")
            return ok({ data: { id: row.id }, events: [] });
          const own = await ownOpen(tx, me, workshopId, data.contributionId);
          if (!own.ok) return own;
          const answered = await first(
            tx.select({ id: contributions.id }).from(contributions).where(eq(contributions.parentId, own.data.id)),
          );
          if (answered)
            return refuse(
              "conflict",
              "alreadyAnswered",
              "Others have already answered this challenge; ask a facilitator instead.",
            );
          await tx.update(contributions).set({ status: "withdrawn", editedAt: now }).where(eq(contributions.id, own.data.id));
          const pinned = await first(
            tx.select({ id: workshops.pinnedContributionId }).from(workshops).where(eq(workshops.id, workshopId)),
          );
          const view = (await loadContribution(tx, workshopId, own.data.id)) as ContributionView;
          const events: NewWorkshopEvent[] = [{ type: "contribution.updated", payload: { contribution: view } }];
          // Points on it go back to its voters, as when a facilitator hides it.
          const returned = await returnVotesOn(tx, own.data.id);
          events.push(...returned);
          if (pinned?.id === own.data.id) {
            await tx.update(workshops).set({ pinnedContributionId: null }).where(eq(workshops.id, workshopId));
            events.push({ type: "display.pinned", payload: { contributionId: null } });
          }
          return ok({ data: { id: own.data.id }, events, changed: { votes: returned.length > 0 } });
        },
      });
    },
  };
}
