import { and, eq } from "drizzle-orm";
import { loadNotes } from "../db/queries/notes.server";
import { agendaSteps, contributions, notes } from "../db/schema";
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
  return {
    list(actor: Actor, workshopId: string): Result<NoteView[]> {
      const allowed = asFacilitator(db, actor, workshopId, onlyFacilitators);
      return allowed.ok ? ok(loadNotes(db, workshopId)) : allowed;
    },

    save(actor: Actor, workshopId: string, input: unknown): Result<NoteSaveAnswer> {
      const result = run(actor, workshopId, input, {
        authorize: (database, who, id) => asFacilitator(database, who, id, onlyFacilitators),
        schema: saveNoteSchema,
        resolve: (tx, data, { now }) => {
          const subject = parseNoteSubject(data.subject);
          if (!subject) return fail("validation", "A note is about a step or a challenge.");
          const exists =
            subject.kind === "step"
              ? tx
                  .select({ id: agendaSteps.id })
                  .from(agendaSteps)
                  .where(and(eq(agendaSteps.id, subject.id), eq(agendaSteps.workshopId, workshopId)))
                  .get()
              : tx
                  .select({ id: contributions.id })
                  .from(contributions)
                  .where(
                    and(
                      eq(contributions.id, subject.id),
                      eq(contributions.workshopId, workshopId),
                      eq(contributions.kind, "challenge"),
                    ),
                  )
                  .get();
          if (!exists) return fail("not_found", "No such step or challenge in this workshop.");
          const where = and(eq(notes.workshopId, workshopId), eq(notes.subject, data.subject));
          const stored = tx.select().from(notes).where(where).get() ?? null;
          const current = () => loadNotes(tx, workshopId).find((n) => n.subject === data.subject) as NoteView;
          const outcome = noteSaveOutcome(stored, data);
          if (!outcome.saved) return ok({ data: { saved: false, conflict: true, current: current() } as Saved, events: [] });
          if ("unchanged" in outcome) return ok({ data: { saved: true, note: current(), unchanged: true } as Saved, events: [] });
          const updatedBy = actor.kind === "facilitator" ? actor.facilitatorId : null;
          if (stored)
            tx.update(notes).set({ body: data.body, version: outcome.version, updatedBy, updatedAt: now }).where(where).run();
          else
            tx.insert(notes)
              .values({
                id: random.uuid(),
                workshopId,
                subject: data.subject,
                body: data.body,
                version: 1,
                updatedBy,
                createdAt: now,
                updatedAt: now,
              })
              .run();
          return ok({ data: { saved: true, note: current() } as Saved, events: [] });
        },
      });
      if (!result.ok) return result;
      const { unchanged, ...answer } = result.data;
      if (answer.saved && !unchanged) publish.notesChanged(workshopId, answer.note);
      return ok(answer);
    },
  };
}
