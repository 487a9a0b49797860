import { asc, eq } from "drizzle-orm";
import type { NoteView } from "../../domain/notes";
import type { Reader } from "../client.server";

/** A workshop's rapporteur notes with the name of who saved each last (facilitators' screens and the report). */
export async function loadNotes(db: Reader, workshopId: string): Promise<NoteView[]> {
  const { facilitators, notes } = db.tables;
  return (
    await db
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
  ).map((n) => ({ ...n, updatedBy: n.updatedBy ?? null }));
}
