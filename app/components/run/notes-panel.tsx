import { ActionIcon, Alert, Button, Card, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { mergeNote, NOTE_LIMITS, type NoteView } from "../../domain/notes";
import type { AppError } from "../../domain/result";
import type { WorkshopSocket } from "../../realtime/live-feed";
import { CommandError } from "./command";
import { Dialog } from "./dialog";
import type { Send } from "./types";

/** How long typing pauses before a note is saved, and how soon a save that failed is tried again. */
const SAVE_AFTER_MS = 800;
const RETRY_AFTER_MS = 3_000;

/**
 * The workshop's notes as the facilitator's page holds them: the loader's list, then every save
 * the server sends to the facilitators' room (the newest version of each note wins).
 */
export function useNotes(initial: readonly NoteView[], socket: RefObject<WorkshopSocket | null>) {
  const [notes, setNotes] = useState<Record<string, NoteView>>(() =>
    initial.reduce<Record<string, NoteView>>((all, n) => mergeNote(all, n), {}),
  );
  // A fresher list from the loader (after a reconnect's revalidation) fills in what was missed.
  useEffect(() => {
    setNotes((known) => initial.reduce((all, n) => mergeNote(all, n), known));
  }, [initial]);
  useEffect(() => {
    const live = socket.current;
    if (!live) return;
    const heard = (note: NoteView) => setNotes((known) => mergeNote(known, note));
    live.on("workshop:note", heard);
    return () => {
      live.off("workshop:note", heard);
    };
  }, [socket]);
  return notes;
}

type SaveState = "saved" | "saving" | "retrying" | "conflict" | "refused";

/** Unsent text survives a reload or a lost connection, like the phone's outbox. */
const draftKey = (workshopId: string, subject: string) => `helix-review:note:${workshopId}:${subject}`;
type Draft = { body: string; baseVersion: number };
function readDraft(key: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}
function writeDraft(key: string, draft: Draft | null) {
  try {
    if (draft) window.localStorage.setItem(key, JSON.stringify(draft));
    else window.localStorage.removeItem(key);
  } catch {
    // Private mode or a full quota: the text stays in the editor and is still retried.
  }
}

/**
 * One note's editor: saves a moment after typing stops, says whether the text is saved, keeps
 * unsent text and retries, and when another facilitator saved meanwhile shows both texts and lets
 * the writer keep theirs or take the other.
 */
export function NoteEditor({
  workshopId,
  subject,
  note,
  label,
  send,
}: {
  workshopId: string;
  subject: string;
  note: NoteView | undefined;
  label: string;
  send: Send<"note:save">;
}) {
  const { t } = useTranslation();
  const key = draftKey(workshopId, subject);
  const [text, setText] = useState(note?.body ?? "");
  const [state, setState] = useState<SaveState>("saved");
  const [conflict, setConflict] = useState<NoteView | null>(null);
  const [refusal, setRefusal] = useState<AppError | null>(null);
  /** What the server holds as far as this editor knows: the text and its version. */
  const saved = useRef({ body: note?.body ?? "", version: note?.version ?? 0 });
  const textRef = useRef(text);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);

  const save = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inFlight.current) return;
    const body = textRef.current;
    if (body === saved.current.body) {
      writeDraft(key, null);
      setState("saved");
      return;
    }
    inFlight.current = true;
    setState("saving");
    const answer = await send("note:save", { subject, body, baseVersion: saved.current.version });
    inFlight.current = false;
    if (!answer.ok) {
      if (answer.error.code === "validation" || answer.error.code === "forbidden" || answer.error.code === "not_found") {
        setRefusal(answer.error);
        setState("refused");
        return;
      }
      setState("retrying");
      timer.current = setTimeout(() => void save(), RETRY_AFTER_MS);
      return;
    }
    if (!answer.data.saved) {
      setConflict(answer.data.current);
      setState("conflict");
      return;
    }
    setRefusal(null);
    saved.current = { body: answer.data.note.body, version: answer.data.note.version };
    if (textRef.current === saved.current.body) {
      writeDraft(key, null);
      setState("saved");
    } else {
      // Typed on while the save was under way: what was typed goes next.
      writeDraft(key, { body: textRef.current, baseVersion: saved.current.version });
      timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
    }
  }, [key, send, subject]);

  const edit = (value: string) => {
    textRef.current = value;
    setText(value);
    writeDraft(key, { body: value, baseVersion: saved.current.version });
    if (state !== "conflict") setState("saving");
    if (timer.current) clearTimeout(timer.current);
    if (state !== "conflict") timer.current = setTimeout(() => void save(), SAVE_AFTER_MS);
  };

  // Text left unsent by an earlier visit (a reload, a lost connection) is restored and sent.
  useEffect(() => {
    const draft = readDraft(key);
    if (draft && draft.body !== saved.current.body) {
      textRef.current = draft.body;
      setText(draft.body);
      saved.current = { ...saved.current, version: draft.baseVersion };
      setState("saving");
      timer.current = setTimeout(() => void save(), 0);
    }
    return () => {
      if (timer.current) clearTimeout(timer.current);
      // Closed with text still to send (a dialog closed mid-sentence): send it now.
      if (textRef.current !== saved.current.body && !inFlight.current) void save();
    };
  }, [key, save]);

  // Another facilitator's save: shown at once when nothing is typed here that is not saved yet.
  useEffect(() => {
    if (!note || note.version <= saved.current.version) return;
    if (textRef.current === saved.current.body) {
      saved.current = { body: note.body, version: note.version };
      textRef.current = note.body;
      setText(note.body);
    }
  }, [note]);

  const keepMine = () => {
    if (!conflict) return;
    saved.current = { body: conflict.body, version: conflict.version };
    setConflict(null);
    void save();
  };
  const takeTheirs = () => {
    if (!conflict) return;
    saved.current = { body: conflict.body, version: conflict.version };
    textRef.current = conflict.body;
    setText(conflict.body);
    writeDraft(key, null);
    setConflict(null);
    setState("saved");
  };

  const stateText = {
    saved: t("notes.saved"),
    saving: t("notes.saving"),
    retrying: t("notes.retrying"),
    conflict: t("notes.conflictState"),
    refused: t("notes.retrying"),
  }[state];

  return (
    <Stack gap={6} data-testid="note-editor" data-subject={subject}>
      <Textarea
        label={label}
        description={t("notes.hint")}
        value={text}
        onChange={(e) => edit(e.currentTarget.value)}
        onBlur={() => state === "saving" && void save()}
        autosize
        minRows={3}
        maxRows={14}
        maxLength={NOTE_LIMITS.body}
        data-testid="note-text"
      />
      <Group justify="space-between" gap="xs">
        <Text
          size="xs"
          c={state === "saved" ? "dimmed" : state === "saving" ? "dark" : "red.9"}
          aria-live="polite"
          data-testid="note-state"
          data-state={state}
        >
          {state === "refused" ? null : stateText}
        </Text>
        {note?.updatedBy ? (
          <Text size="xs" c="dimmed">
            {t("notes.lastBy", { name: note.updatedBy })}
          </Text>
        ) : null}
      </Group>
      <CommandError error={refusal} />
      {conflict ? (
        <Alert color="orange" title={t("notes.conflictTitle")} data-testid="note-conflict">
          <Stack gap="xs">
            <Text size="sm">{t("notes.conflictText", { name: conflict.updatedBy ?? t("notes.someone") })}</Text>
            <Text size="xs" fw={600}>
              {t("notes.theirs")}
            </Text>
            <Paper withBorder p="xs" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="note-theirs">
              {conflict.body || "—"}
            </Paper>
            <Text size="xs" fw={600}>
              {t("notes.mine")}
            </Text>
            <Paper withBorder p="xs" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="note-mine">
              {text || "—"}
            </Paper>
            <Group gap="xs">
              <Button size="xs" onClick={keepMine}>
                {t("notes.keepMine")}
              </Button>
              <Button size="xs" variant="light" onClick={takeTheirs}>
                {t("notes.takeTheirs")}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
    </Stack>
  );
}

/** The current step's notes, beside the agenda on the facilitator's page. */
export function StepNotesPanel({
  workshopId,
  step,
  notes,
  send,
}: {
  workshopId: string;
  step: { id: string; title: string } | null;
  notes: Readonly<Record<string, NoteView>>;
  send: Send<"note:save">;
}) {
  const { t } = useTranslation();
  if (!step) return null;
  const subject = `step:${step.id}`;
  return (
    <Card withBorder padding="md" data-testid="step-notes">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t("notes.title")}
        </Title>
        <NoteEditor
          key={subject}
          workshopId={workshopId}
          subject={subject}
          note={notes[subject]}
          label={t("notes.stepLabel", { step: step.title })}
          send={send}
        />
      </Stack>
    </Card>
  );
}

/** A notes icon on a challenge card: its notes in a dialog (saved the same way). */
export function ChallengeNotesButton({
  workshopId,
  challenge,
  notes,
  send,
}: {
  workshopId: string;
  challenge: { id: string; title: string };
  notes: Readonly<Record<string, NoteView>>;
  send: Send<"note:save">;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const subject = `challenge:${challenge.id}`;
  const written = Boolean(notes[subject]?.body);
  return (
    <>
      <ActionIcon
        variant={written ? "light" : "subtle"}
        aria-label={`${t(written ? "notes.openWritten" : "notes.open")}: ${challenge.title}`}
        onClick={() => setOpen(true)}
        data-testid="challenge-notes"
      >
        ✎
      </ActionIcon>
      <Dialog opened={open} onClose={() => setOpen(false)} title={t("notes.challengeTitle")}>
        <NoteEditor
          workshopId={workshopId}
          subject={subject}
          note={notes[subject]}
          label={t("notes.challengeLabel", { challenge: challenge.title })}
          send={send}
        />
      </Dialog>
    </>
  );
}
