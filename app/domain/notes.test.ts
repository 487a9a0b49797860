import { describe, expect, it } from "vitest";
import { mergeNote, type NoteView, noteSaveOutcome, noteSubjectKey, parseNoteSubject, saveNoteSchema } from "./notes";

const note = (subject: string, version: number, body = "text"): NoteView => ({
  subject,
  body,
  version,
  updatedBy: "Eszter",
  updatedAt: 0,
});

describe("rapporteur notes", () => {
  it("a note is about an agenda step or a challenge, and nothing else", () => {
    expect(parseNoteSubject("step:abc-1")).toEqual({ kind: "step", id: "abc-1" });
    expect(parseNoteSubject("challenge:c_9")).toEqual({ kind: "challenge", id: "c_9" });
    expect(parseNoteSubject("solution:x")).toBeNull();
    expect(parseNoteSubject("step:")).toBeNull();
    expect(noteSubjectKey({ kind: "challenge", id: "c1" })).toBe("challenge:c1");
    expect(saveNoteSchema.safeParse({ subject: "participant:1", body: "x", baseVersion: 0 }).success).toBe(false);
  });

  it("a note's text is normalised like every text: bidi overrides and control characters go, newlines stay", () => {
    const parsed = saveNoteSchema.parse({ subject: "step:s1", body: "a\u202Eb\u0007\r\nc", baseVersion: 0 });
    expect(parsed.body).toBe("ab\nc");
  });

  it("the first save writes version 1; the next one based on it writes version 2", () => {
    expect(noteSaveOutcome(null, { baseVersion: 0, body: "first" })).toEqual({ saved: true, version: 1 });
    expect(noteSaveOutcome({ version: 1, body: "first" }, { baseVersion: 1, body: "second" })).toEqual({
      saved: true,
      version: 2,
    });
  });

  it("a save based on an older version than stored is a conflict, so nobody's text is silently lost", () => {
    expect(noteSaveOutcome({ version: 3, body: "theirs" }, { baseVersion: 2, body: "mine" })).toEqual({
      saved: false,
      conflict: true,
      current: 3,
    });
    // Both start a new note at the same time: the second is told.
    expect(noteSaveOutcome({ version: 1, body: "theirs" }, { baseVersion: 0, body: "mine" })).toMatchObject({ saved: false });
  });

  it("the same text saved again (a retry whose answer was lost) is no conflict and no new version", () => {
    expect(noteSaveOutcome({ version: 4, body: "same" }, { baseVersion: 3, body: "same" })).toEqual({
      saved: true,
      version: 4,
      unchanged: true,
    });
  });

  it("a screen keeps the newest version of each note, whatever order the saves arrive in", () => {
    const two = mergeNote({}, note("step:s1", 2, "two"));
    expect(mergeNote(two, note("step:s1", 1, "one"))["step:s1"]?.body).toBe("two");
    expect(mergeNote(two, note("step:s1", 3, "three"))["step:s1"]?.body).toBe("three");
    expect(Object.keys(mergeNote(two, note("challenge:c1", 1)))).toEqual(["step:s1", "challenge:c1"]);
  });
});
