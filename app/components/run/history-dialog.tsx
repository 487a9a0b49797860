import { Loader, Paper, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { ContributionRevision } from "../../domain/report";
import type { AppError } from "../../domain/result";
import { CommandError } from "./command";
import { Dialog } from "./dialog";
import type { Send } from "./types";

/**
 * A contribution's earlier wordings, for the facilitators only: each version, who replaced it (the
 * participant, or a facilitator by name) and when, the current wording on top.
 */
export function HistoryDialog({
  item,
  opened,
  onClose,
  send,
}: {
  item: ContributionView;
  opened: boolean;
  onClose: () => void;
  send: Send<"moderation:history">;
}) {
  const { t, i18n } = useTranslation();
  const [answer, setAnswer] = useState<ContributionRevision[] | AppError | null>(null);
  useEffect(() => {
    if (!opened) return;
    let live = true;
    setAnswer(null);
    send("moderation:history", { contributionId: item.id }).then((result) => {
      if (live) setAnswer(result.ok ? result.data.revisions : result.error);
    });
    return () => {
      live = false;
    };
  }, [opened, item.id, send]);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  const who = (r: ContributionRevision) =>
    r.replacedBy === "participant"
      ? t("history.byParticipant", { when: when.format(r.replacedAt) })
      : r.facilitator
        ? t("history.byFacilitator", { name: r.facilitator, when: when.format(r.replacedAt) })
        : t("history.byFacilitatorUnknown", { when: when.format(r.replacedAt) });
  const wording = (title: string, body: string | null) => (
    <>
      <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
        {title}
      </Text>
      {body ? (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {body}
        </Text>
      ) : null}
    </>
  );
  return (
    <Dialog opened={opened} onClose={onClose} title={t("history.title")}>
      <Stack gap="sm" data-testid="history">
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            {t("history.current")}
          </Text>
          {wording(item.title, item.body)}
        </Paper>
        {answer === null ? (
          <Loader size="sm" aria-label={t("history.loading")} />
        ) : "code" in answer ? (
          <CommandError error={answer} />
        ) : answer.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("history.none")}
          </Text>
        ) : (
          [...answer].reverse().map((r) => (
            <Paper withBorder p="sm" key={`${r.replacedAt}-${r.replacedBy}-${r.title}`} data-testid="history-version">
              <Text size="xs" c="dimmed">
                {who(r)}
              </Text>
              {wording(r.title, r.body)}
            </Paper>
          ))
        )}
      </Stack>
    </Dialog>
  );
}
