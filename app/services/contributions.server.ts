import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { agendaSteps, type Contribution, contributionRevisions, contributions, participants, workshops } from "../db/schema";
import { openChallengeIds, stepAccepts } from "../domain/agenda";
import {
  type ContributionView,
  contributionRefSchema,
  editContributionSchema,
  submitContributionSchema,
} from "../domain/contributions";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import type { WorkshopEvent } from "../domain/workshop-state";
import { type Actor, actorLabel } from "./actor";
import type { ServiceDeps } from "./deps.server";
import { appendEvent } from "./event-log.server";
import { contributionView } from "./views.server";
import type { createWorkshopService } from "./workshops.server";

type Reader = Pick<Db, "select">;

/** Contributions with their authors' names, as facilitators see them. */
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

/** Follows merges to the contribution that now stands for `id`. */
export function survivorOf(all: readonly ContributionView[], id: string): ContributionView | undefined {
  const byId = new Map(all.map((c) => [c.id, c]));
  let current = byId.get(id);
  for (let hops = 0; current?.status === "merged" && current.mergedInto && hops < 50; hops++)
    current = byId.get(current.mergedInto);
  return current;
}

/** The workshop, its current step and that step's kind: what decides whether a participant may write now. */
function roomNow(tx: Reader, workshopId: string) {
  const workshop = tx.select().from(workshops).where(eq(workshops.id, workshopId)).get();
  const step = workshop?.currentStepId
    ? tx.select().from(agendaSteps).where(eq(agendaSteps.id, workshop.currentStepId)).get()
    : undefined;
  return { workshop, step };
}

/** Records the wording being replaced, so nothing a participant wrote is lost by an edit. */
export function keepRevision(
  tx: Pick<Db, "insert">,
  row: Pick<Contribution, "id" | "title" | "body">,
  actor: Actor,
  now: number,
) {
  tx.insert(contributionRevisions)
    .values({ contributionId: row.id, title: row.title, body: row.body, replacedBy: actorLabel(actor), replacedAt: now })
    .run();
}

const STEP_REFUSAL = {
  challenge: "Challenges can only be submitted while the room is collecting challenges.",
  solution: "Solutions can only be submitted while the room is collecting solutions.",
} as const;

/**
 * What participants write: challenges and solutions, each submitted once whatever the retries
 * (the phone's client id is the idempotency key), editable and withdrawable by its author while its
 * step is open. Facilitators pre-load the host's own challenges at any time.
 */
export function createContributionService(
  { db, publish, clock, random }: ServiceDeps,
  workshopService: ReturnType<typeof createWorkshopService>,
  /** Balanced scores of the last challenge vote, which rank challenges for "top N". */
  challengeScores: (workshopId: string) => ReadonlyMap<string, number>,
) {
  function submit(actor: Actor, workshopId: string, input: unknown): Result<ContributionView> {
    if (actor.kind !== "participant" && actor.kind !== "facilitator")
      return fail("forbidden", "Only participants and facilitators can contribute.");
    if (actor.kind === "participant" && actor.workshopId !== workshopId)
      return fail("forbidden", "You are not a participant of this workshop.");
    if (actor.kind === "facilitator") {
      const managed = workshopService.managedWorkshop(actor, workshopId);
      if (!managed.ok) return managed;
    }
    const parsed = submitContributionSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const data = parsed.data;
    const now = clock();

    const outcome = db.transaction((tx): Result<{ view: ContributionView; event: WorkshopEvent | null }> => {
      // A retry of something already stored returns it unchanged: never a second row.
      const existing = tx
        .select()
        .from(contributions)
        .where(and(eq(contributions.workshopId, workshopId), eq(contributions.clientId, data.clientId)))
        .get();
      if (existing) {
        const sameAuthor =
          actor.kind === "participant"
            ? existing.authorId === actor.participantId
            : existing.authorFacilitatorId === actor.facilitatorId;
        if (!sameAuthor) return fail("conflict", "This submission id is already used.");
        return ok({ view: loadContribution(tx, workshopId, existing.id) as ContributionView, event: null });
      }

      const { workshop, step } = roomNow(tx, workshopId);
      if (!workshop) return fail("not_found", "Workshop not found.");
      if (workshop.status === "closed") return fail("workshop_closed", "This workshop has ended.");

      let author: { id: string | null; helix: Contribution["helix"]; role: Contribution["role"]; name: string | null } = {
        id: null,
        helix: null,
        role: null,
        name: null,
      };
      if (actor.kind === "participant") {
        const me = tx.select().from(participants).where(eq(participants.id, actor.participantId)).get();
        if (!me || me.workshopId !== workshopId) return fail("forbidden", "You are not a participant of this workshop.");
        if (!stepAccepts(step?.kind, data.kind)) return fail("conflict", STEP_REFUSAL[data.kind]);
        author = { id: me.id, helix: me.helix, role: me.role, name: me.displayName };
      } else if (data.kind !== "challenge") {
        return fail("validation", "Facilitators pre-load challenges; solutions come from participants.");
      }

      let parentId: string | null = null;
      if (data.kind === "solution") {
        const all = loadContributions(tx, workshopId);
        const challenge = survivorOf(all, data.challengeId);
        if (challenge?.kind !== "challenge" || challenge.status !== "visible") {
          return fail("validation", "This challenge does not take solutions.", { challengeId: { key: "challengeNotOpen" } });
        }
        const visibleChallenges = all.filter((c) => c.kind === "challenge" && c.status === "visible");
        // The last vote's scores are read only when the step opens the "top N" (they cost a tally).
        const openSetting = step?.settings.openChallenges;
        const scores = openSetting?.mode === "top" ? challengeScores(workshopId) : undefined;
        const open = openChallengeIds(openSetting, visibleChallenges, scores);
        if (!open.includes(challenge.id)) {
          return fail("validation", "This challenge does not take solutions in this step.", {
            challengeId: { key: "challengeNotOpen" },
          });
        }
        parentId = challenge.id;
      }

      const row: Contribution = {
        id: random.uuid(),
        workshopId,
        kind: data.kind,
        parentId,
        title: data.title,
        body: data.body,
        origin: actor.kind === "facilitator" ? "host" : "participant",
        authorId: author.id,
        authorFacilitatorId: actor.kind === "facilitator" ? actor.facilitatorId : null,
        helix: author.helix,
        role: author.role,
        status: "visible",
        mergedInto: null,
        clientId: data.clientId,
        createdAt: now,
        editedAt: null,
      };
      tx.insert(contributions).values(row).run();
      const view = contributionView(row, author.name);
      return ok({
        view,
        event: appendEvent(tx, workshopId, actor, { type: "contribution.created", payload: { contribution: view } }, now),
      });
    });
    if (!outcome.ok) return outcome;
    if (outcome.data.event) publish.events(workshopId, [outcome.data.event]);
    return ok(outcome.data.view);
  }

  /** The author's own contribution, while the step that takes its kind is still the room's step. */
  function ownOpen(tx: Reader, actor: Actor, workshopId: string, contributionId: string): Result<Contribution> {
    if (actor.kind !== "participant" || actor.workshopId !== workshopId)
      return fail("forbidden", "Only the author can change a contribution.");
    const row = tx.select().from(contributions).where(eq(contributions.id, contributionId)).get();
    if (!row || row.workshopId !== workshopId) return fail("not_found", "Contribution not found.");
    if (row.authorId !== actor.participantId) return fail("forbidden", "Only the author can change a contribution.");
    if (row.status !== "visible") return fail("conflict", "This contribution can no longer be changed.");
    const { workshop, step } = roomNow(tx, workshopId);
    if (workshop?.status === "closed" || !stepAccepts(step?.kind, row.kind))
      return fail("conflict", "This step is over: contributions can no longer be changed.");
    return ok(row);
  }

  return {
    submit,

    edit(actor: Actor, workshopId: string, input: unknown): Result<ContributionView> {
      const parsed = editContributionSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const now = clock();
      const outcome = db.transaction((tx) => {
        const own = ownOpen(tx, actor, workshopId, parsed.data.contributionId);
        if (!own.ok) return own;
        if (own.data.title === parsed.data.title && own.data.body === parsed.data.body)
          return ok({ view: loadContribution(tx, workshopId, own.data.id) as ContributionView, event: null });
        keepRevision(tx, own.data, actor, now);
        tx.update(contributions)
          .set({ title: parsed.data.title, body: parsed.data.body, editedAt: now })
          .where(eq(contributions.id, own.data.id))
          .run();
        const view = loadContribution(tx, workshopId, own.data.id) as ContributionView;
        return ok({
          view,
          event: appendEvent(tx, workshopId, actor, { type: "contribution.updated", payload: { contribution: view } }, now),
        });
      });
      if (!outcome.ok) return outcome;
      if (outcome.data.event) publish.events(workshopId, [outcome.data.event]);
      return ok(outcome.data.view);
    },

    /** The author takes back a contribution. Refused once others have answered it. */
    withdraw(actor: Actor, workshopId: string, input: unknown): Result<{ id: string }> {
      const parsed = contributionRefSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const now = clock();
      const outcome = db.transaction((tx) => {
        const own = ownOpen(tx, actor, workshopId, parsed.data.contributionId);
        if (!own.ok) return own;
        const answered = tx
          .select({ id: contributions.id })
          .from(contributions)
          .where(eq(contributions.parentId, own.data.id))
          .get();
        if (answered) return fail("conflict", "Others have already answered this challenge; ask a facilitator instead.");
        tx.update(contributions).set({ status: "withdrawn", editedAt: now }).where(eq(contributions.id, own.data.id)).run();
        const pinned = tx
          .select({ id: workshops.pinnedContributionId })
          .from(workshops)
          .where(eq(workshops.id, workshopId))
          .get();
        const view = loadContribution(tx, workshopId, own.data.id) as ContributionView;
        const events = [
          appendEvent(tx, workshopId, actor, { type: "contribution.updated", payload: { contribution: view } }, now),
        ];
        if (pinned?.id === own.data.id) {
          tx.update(workshops).set({ pinnedContributionId: null }).where(eq(workshops.id, workshopId)).run();
          events.push(appendEvent(tx, workshopId, actor, { type: "display.pinned", payload: { contributionId: null } }, now));
        }
        return ok(events);
      });
      if (!outcome.ok) return outcome;
      publish.events(workshopId, outcome.data);
      return ok({ id: parsed.data.contributionId });
    },
  };
}
