import { and, eq } from "drizzle-orm";
import { first } from "../db/first.server";
import { loadNotes } from "../db/queries/notes.server";
import { type NoteSaveAnswer, type NoteView, noteSaveOutcome, parseNoteSubject, saveNoteSchema } from "../domain/notes";
import { fail, ok, type Result } from "../domain/result";
import { asFacilitator } from "./access.server";
import type { Actor } from "./actor";
import type { RunCommand } from "./command.server";
import type { ServiceDeps } from "./deps.server";

/** A retry of text already stored is answered as saved but not sent to the screens again. */
type Saved = NoteSaveAnswer & { unchanged?: boolean };

const onlyFacilitators = "Only the workshop's facilitators write its notes.";

/**
 * Rapporteur notes. Facilitators of the workshop write them (after the day too: the report is
 * often finished later). They are not workshop events: the room's screens follow the event log,
 * and notes must never reach a phone or the projector, so a save is sent to the facilitators'
 * room only (`publish.notesChanged`).
 */
export function createNoteService({ db, publish, random }: Pick<ServiceDeps, "db" | "publish" | "random">, run: RunCommand) {
  const { agendaSteps, contributions, notes } = db.tables;
  return {
    async list(actor: Actor, workshopId: string): Promise<Result<NoteView[]>> {
      const allowed = await asFacilitator(db, actor, workshopId, onlyFacilitators);
      return allowed.ok ? ok(await loadNotes(db, workshopId)) : allowed;
    },

    async save(actor: Actor, workshopId: string, input: unknown): Promise<Result<NoteSaveAnswer>> {
      const result = await run(actor, workshopId, input, {
        authorize: (database, who, id) => asFacilitator(database, who, id, onlyFacilitators),
        schema: saveNoteSchema,
        resolve: async (tx, data, { now }) => {
          const subject = parseNoteSubject(data.subject);
          if (!subject) return fail("validation", "A note is about a step or a challenge.");
          const exists =
            subject.kind === "step"
              ? await first(
                  tx
                    .select({ id: agendaSteps.id })
                    .from(agendaSteps)
                    .where(and(eq(agendaSteps.id, subject.id), eq(agendaSteps.workshopId, workshopId))),
                )
              : await first(
                  tx
                    .select({ id: contributions.id })
                    .from(contributions)
                    .where(
                      and(
                        eq(contributions.id, subject.id),
                        eq(contributions.workshopId, workshopId),
                        eq(contributions.kind, "challenge"),
                      ),
                    ),
                );
          if (!exists) return fail("not_found", "No such step or challenge in this workshop.");
          const where = and(eq(notes.workshopId, workshopId), eq(notes.subject, data.subject));
          const stored = (await first(tx.select().from(notes).where(where))) ?? null;
          const current = async () => (await loadNotes(tx, workshopId)).find((n) => n.subject === data.subject) as NoteView;
          const outcome = noteSaveOutcome(stored, data);
          if (!outcome.saved)
            return ok({ data: { saved: false, conflict: true, current: await current() } as Saved, events: [] });
          if ("unchanged" in outcome)
            return ok({ data: { saved: true, note: await current(), unchanged: true } as Saved, events: [] });
          const updatedBy = actor.kind === "facilitator" ? actor.facilitatorId : null;
          if (stored)
            await tx.update(notes).set({ body: data.body, version: outcome.version, updatedBy, updatedAt: now }).where(where);
          else
            await tx.insert(notes).values({
              id: random.uuid(),
              workshopId,
              subject: data.subject,
              body: data.body,
              version: 1,
              updatedBy,
              createdAt: now,
              updatedAt: now,
            });
          return ok({ data: { saved: true, note: await current() } as Saved, events: [] });
        },
      });
      if (!result.ok) return result;
      const { unchanged, ...answer } = result.data;
      if (answer.saved && !unchanged) publish.notesChanged(workshopId, answer.note);
      return ok(answer);
    },
  };
}
