import { Alert, Button, Divider, Group, Radio, Stack, Text, Title } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { REMOVAL_CHOICES, type RemovalChoice } from "../../domain/privacy";
import type { AppError } from "../../domain/result";
import type { LobbyParticipant } from "../../domain/workshop-state";
import { useErrorText } from "../field-error";
import { Dialog } from "./dialog";

type Answer = { error: AppError | null };

/** A refusal of a privacy intent: its own reason when it has one (`privacy.reasons.*`), else the usual text. */
function PrivacyError({ error }: { error: AppError | null | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!error) return null;
  const key = error.reason?.key;
  return (
    <Alert color="red" role="alert" data-testid="privacy-error">
      {key ? t(`privacy.reasons.${key}`, { defaultValue: errorText(error) }) : errorText(error)}
    </Alert>
  );
}

/** Posts one of the page's privacy intents; `done` is true once the server accepted it. */
function usePrivacyIntent() {
  const fetcher = useFetcher<Answer>();
  const submit = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  const done = fetcher.state === "idle" && fetcher.data !== undefined && fetcher.data.error === null;
  return { submit, busy: fetcher.state !== "idle", error: fetcher.data?.error ?? null, done };
}

/** What erasing keeps, said before the facilitator confirms. */
function ErasureKeeps() {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm">{t("privacy.eraseWhat")}</Text>
      <Text size="sm">{t("privacy.eraseKeeps")}</Text>
      <Text size="sm" fw={600}>
        {t("privacy.cannotUndo")}
      </Text>
    </Stack>
  );
}

/** The participants list's row action: opens the privacy dialog for this participant. */
export function ManageParticipantButton({ participant, onOpen }: { participant: LobbyParticipant; onOpen: () => void }) {
  const { t } = useTranslation();
  const name = participant.displayName ?? t("privacy.thisParticipant");
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      color="red"
      // Mantine's subtle red is too pale on the table's stripes: the text takes the darkest red.
      c="red.9"
      onClick={onOpen}
      aria-label={t("privacy.manageLabel", { name })}
      data-testid="participant-privacy"
    >
      {t("privacy.manage")}
    </Button>
  );
}

/**
 * Remove a participant (choosing what becomes of their contributions), then — or instead — erase
 * their personal data. Rendered outside the list, for the person it was opened for: once removed
 * they leave the list, and erasing them stays one click away.
 */
export function ParticipantPrivacyDialog({
  participant,
  removed,
  onClose,
}: {
  participant: LobbyParticipant | null;
  /** Already removed (opened from the removed list): only erasing is left to do. */
  removed: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<RemovalChoice>("keep");
  const [confirmErase, setConfirmErase] = useState(false);
  const removal = usePrivacyIntent();
  const erasure = usePrivacyIntent();
  const name = participant?.displayName ?? t("privacy.thisParticipant");
  useEffect(() => {
    if (erasure.done) onClose();
  }, [erasure.done, onClose]);
  return (
    <Dialog
      opened={participant !== null}
      onClose={onClose}
      title={removed ? t("privacy.dialogTitleRemoved", { name }) : t("privacy.dialogTitle", { name })}
    >
      {participant ? (
        <Stack gap="md" data-testid="participant-privacy-dialog">
          {removed ? null : removal.done ? (
            <Alert color="green" role="status" data-testid="participant-removed">
              {t("privacy.removedDone", { name })}
            </Alert>
          ) : (
            <Stack gap="sm">
              <Title order={3} size="h5">
                {t("privacy.removeTitle")}
              </Title>
              <Text size="sm">{t("privacy.removeExplains")}</Text>
              <Radio.Group
                label={t("privacy.contributionsLabel")}
                value={choice}
                onChange={(value) => setChoice(value as RemovalChoice)}
              >
                <Stack gap="xs" mt="xs">
                  {REMOVAL_CHOICES.map((c) => (
                    <Radio
                      key={c}
                      value={c}
                      label={t(`privacy.choices.${c}.label`)}
                      description={t(`privacy.choices.${c}.description`)}
                      data-testid={`removal-${c}`}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <PrivacyError error={removal.error} />
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t("privacy.cancel")}
                </Button>
                <Button
                  color="red.9"
                  loading={removal.busy}
                  onClick={() =>
                    removal.submit({ intent: "removeParticipant", participantId: participant.id, contributions: choice })
                  }
                >
                  {t("privacy.removeConfirm")}
                </Button>
              </Group>
            </Stack>
          )}
          {removed ? null : <Divider />}
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t("privacy.eraseTitle")}
            </Title>
            <ErasureKeeps />
            <PrivacyError error={erasure.error} />
            <Group justify="flex-end">
              {confirmErase ? (
                <>
                  <Button variant="default" onClick={() => setConfirmErase(false)}>
                    {t("privacy.cancel")}
                  </Button>
                  <Button
                    color="red.9"
                    loading={erasure.busy}
                    onClick={() => erasure.submit({ intent: "eraseParticipant", participantId: participant.id })}
                  >
                    {t("privacy.eraseConfirm")}
                  </Button>
                </>
              ) : (
                <Button color="red.9" variant="outline" onClick={() => setConfirmErase(true)}>
                  {t("privacy.erase")}
                </Button>
              )}
            </Group>
          </Stack>
        </Stack>
      ) : null}
    </Dialog>
  );
}

/**
 * The participants removed from the room whose personal data is still kept: each can be erased
 * later (the dialog opens on its erasure part).
 */
export function RemovedParticipants({
  participants,
  onErase,
}: {
  participants: LobbyParticipant[];
  onErase: (participant: LobbyParticipant) => void;
}) {
  const { t } = useTranslation();
  if (participants.length === 0) return null;
  return (
    <Stack gap={4} data-testid="removed-participants">
      <Text size="sm" fw={600}>
        {t("privacy.removedList")}
      </Text>
      {participants.map((p) => {
        const name = p.displayName ?? t("privacy.thisParticipant");
        return (
          <Group key={p.id} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {name}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              c="red.9"
              onClick={() => onErase(p)}
              aria-label={t("privacy.eraseLabel", { name })}
            >
              {t("privacy.erase")}
            </Button>
          </Group>
        );
      })}
    </Stack>
  );
}

/** Erases the personal data of every participant of a closed workshop, after a confirmation saying what stays. */
export function EraseWorkshopData() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const erasure = usePrivacyIntent();
  useEffect(() => {
    if (erasure.done) setOpened(false);
  }, [erasure.done]);
  return (
    <>
      <Button
        size="xs"
        variant="outline"
        color="red.9"
        onClick={() => setOpened(true)}
        data-testid="erase-workshop-data"
        // The label wraps in the narrow sidebar rather than being cut ("…of all participar").
        styles={{ root: { height: "auto", paddingBlock: 4 }, label: { whiteSpace: "normal", textAlign: "center" } }}
      >
        {t("privacy.eraseWorkshop")}
      </Button>
      {erasure.done ? (
        <Text size="xs" role="status" data-testid="workshop-data-erased">
          {t("privacy.workshopErased")}
        </Text>
      ) : null}
      <Dialog opened={opened} onClose={() => setOpened(false)} title={t("privacy.eraseWorkshopTitle")}>
        <Stack gap="sm" data-testid="erase-workshop-dialog">
          <Text size="sm">{t("privacy.eraseWorkshopWhat")}</Text>
          <ErasureKeeps />
          <PrivacyError error={erasure.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t("privacy.cancel")}
            </Button>
            <Button color="red.9" loading={erasure.busy} onClick={() => erasure.submit({ intent: "erasePersonalData" })}>
              {t("privacy.eraseConfirm")}
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </>
  );
}
