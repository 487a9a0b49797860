import { asc, eq } from "drizzle-orm";
import type { NoteView } from "../../domain/notes";
import type { Reader } from "../client.server";
import { facilitators, notes } from "../schema";

/** A workshop's rapporteur notes with the name of who saved each last (facilitators' screens and the report). */
export function loadNotes(db: Reader, workshopId: string): NoteView[] {
  return db
    .select({
      subject: notes.subject,
      body: notes.body,
      version: notes.version,
      updatedBy: facilitators.name,
      updatedAt: notes.updatedAt,
    })
    .from(notes)
    .leftJoin(facilitators, eq(facilitators.id, notes.updatedBy))
    .where(eq(notes.workshopId, workshopId))
    .orderBy(asc(notes.createdAt))
    .all()
    .map((n) => ({ ...n, updatedBy: n.updatedBy ?? null }));
}
