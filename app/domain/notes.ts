import { z } from "zod";
import { text } from "./text";

/**
 * Rapporteur notes: what the facilitators write during the day about an agenda step or a
 * challenge. They are the team's own: never on a phone or the projector, never in the event log
 * the room's screens follow; the report prints them beside the results they are about.
 */
export const NOTE_LIMITS = { body: 20_000 } as const;

export type NoteSubject = { kind: "step"; id: string } | { kind: "challenge"; id: string };

const SUBJECT = /^(step|challenge):([A-Za-z0-9_-]{1,64})$/;

export const noteSubjectKey = (subject: NoteSubject) => `${subject.kind}:${subject.id}`;

/** "step:<id>" or "challenge:<id>" as stored, or null when it is neither. */
export function parseNoteSubject(key: string): NoteSubject | null {
  const match = SUBJECT.exec(key);
  return match ? { kind: match[1] as NoteSubject["kind"], id: match[2] as string } : null;
}

export const noteSubjectSchema = z.string().max(80).regex(SUBJECT);

export const saveNoteSchema = z.object({
  subject: noteSubjectSchema,
  body: text({ max: NOTE_LIMITS.body }),
  /** The version the facilitator's text was based on: 0 for a note that did not exist yet. */
  baseVersion: z.number().int().min(0).max(1_000_000_000),
});
export type SaveNoteInput = z.input<typeof saveNoteSchema>;

/** One note as the facilitators' screens and the report hold it. */
export type NoteView = {
  subject: string;
  body: string;
  version: number;
  /** The facilitator who saved it last (their name), null once they left the team. */
  updatedBy: string | null;
  updatedAt: number;
};

/** A save's answer: the note as stored now; `saved: false` when another facilitator saved first. */
export type NoteSaveAnswer = { saved: true; note: NoteView } | { saved: false; conflict: true; current: NoteView };

/** What a save ends in: written as the next version, or refused because someone saved meanwhile. */
export type NoteSaveOutcome = { saved: true; version: number } | { saved: false; conflict: true; current: number };

/**
 * A save is based on the version the writer last saw. Anything else means another facilitator
 * saved in between: the writer is shown both texts and chooses, instead of one silently winning.
 * The same text saved twice (a retry whose answer was lost) is no conflict and no new version.
 */
export function noteSaveOutcome(
  stored: { version: number; body: string } | null,
  input: { baseVersion: number; body: string },
): NoteSaveOutcome | { saved: true; version: number; unchanged: true } {
  const current = stored?.version ?? 0;
  if (stored && stored.body === input.body) return { saved: true, version: current, unchanged: true };
  if (input.baseVersion !== current) return { saved: false, conflict: true, current };
  return { saved: true, version: current + 1 };
}

/** Notes by subject key, the newest wins (what a screen keeps as saves arrive). */
export function mergeNote(notes: Readonly<Record<string, NoteView>>, note: NoteView): Record<string, NoteView> {
  const known = notes[note.subject];
  if (known && known.version >= note.version) return notes as Record<string, NoteView>;
  return { ...notes, [note.subject]: note };
}
