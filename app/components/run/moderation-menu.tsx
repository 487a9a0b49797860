import { ActionIcon, Button, Group, Menu, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CONTRIBUTION_LIMITS, type ContributionView, isActive } from "../../domain/contributions";
import type { AppError } from "../../domain/result";
import { CommandError, useCommand } from "./command";
import { Dialog } from "./dialog";
import { HistoryDialog } from "./history-dialog";
import type { Send } from "./types";

type OpenDialog = "edit" | "merge" | "move" | "hide" | "unhide" | "history" | null;

function DialogActions(props: { onCancel: () => void; onConfirm: () => void; label: string; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="subtle" onClick={props.onCancel}>
        {t("contribute.cancel")}
      </Button>
      <Button disabled={props.disabled} onClick={props.onConfirm}>
        {props.label}
      </Button>
    </Group>
  );
}

/** The facilitator's actions on one contribution: hide/show, edit, merge, move, pin. */
export function ModerationMenu({
  item,
  contributions,
  pinnedId,
  send,
}: {
  item: ContributionView;
  contributions: readonly ContributionView[];
  pinnedId: string | null;
  send: Send;
}) {
  const { t } = useTranslation();
  const { run, error, clear } = useCommand(send);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [title, setTitle] = useState(item.title);
  const [body, setBody] = useState(item.body ?? "");
  const [target, setTarget] = useState<string | null>(null);
  const open = (d: OpenDialog) => {
    clear();
    setTitle(item.title);
    setBody(item.body ?? "");
    setTarget(null);
    setDialog(d);
  };
  const closeOn = async (ok: Promise<boolean>) => {
    if (await ok) setDialog(null);
  };
  /** Before hiding, the facilitator is told how many points go back to the voters. */
  const [impact, setImpact] = useState<{ points: number; voters: number } | AppError | null>(null);
  const confirmHide = async () => {
    setImpact(null);
    open("hide");
    const answer = await send("moderation:hideImpact", { contributionId: item.id });
    setImpact(answer.ok ? answer.data : answer.error);
  };
  if (!isActive(item)) return null;

  const mergeCandidates = contributions.filter((c) => c.id !== item.id && c.kind === item.kind && c.status === "visible");
  const challenges = contributions.filter((c) => c.kind === "challenge" && c.status === "visible" && c.id !== item.parentId);
  const ref = { contributionId: item.id };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={`${t("moderate.actions")}: ${item.title}`} data-testid="moderate">
            ⋯
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {item.status === "visible" ? (
            <Menu.Item onClick={confirmHide}>{t("moderate.hide")}</Menu.Item>
          ) : (
            <Menu.Item onClick={() => open("unhide")}>{t("moderate.unhide")}</Menu.Item>
          )}
          <Menu.Item onClick={() => open("edit")}>{t("moderate.edit")}</Menu.Item>
          {item.status === "visible" ? <Menu.Item onClick={() => open("merge")}>{t("moderate.merge")}</Menu.Item> : null}
          {item.kind === "solution" ? <Menu.Item onClick={() => open("move")}>{t("moderate.move")}</Menu.Item> : null}
          <Menu.Item onClick={() => open("history")}>{t("history.menuItem")}</Menu.Item>
          {item.status === "visible" ? (
            pinnedId === item.id ? (
              <Menu.Item onClick={() => run("moderation:pin", { contributionId: null })}>{t("moderate.unpin")}</Menu.Item>
            ) : (
              <Menu.Item onClick={() => run("moderation:pin", ref)}>{t("moderate.pin")}</Menu.Item>
            )
          ) : null}
        </Menu.Dropdown>
      </Menu>
      {dialog === null ? <CommandError error={error} /> : null}
      <HistoryDialog item={item} opened={dialog === "history"} onClose={() => setDialog(null)} send={send} />

      <Dialog opened={dialog === "hide"} onClose={() => setDialog(null)} title={t("moderate.hideTitle", { title: item.title })}>
        <Stack>
          {impact !== null && "code" in impact ? (
            <CommandError error={impact} />
          ) : (
            <Text size="sm" data-testid="hide-impact">
              {impact === null
                ? t("moderate.hideCounting")
                : impact.points > 0
                  ? t("moderate.hidePoints", { count: impact.points, voters: t("moderate.voters", { count: impact.voters }) })
                  : t("moderate.hideNoPoints")}
            </Text>
          )}
          <CommandError error={error} />
          <DialogActions
            onCancel={() => setDialog(null)}
            label={t("moderate.hide")}
            disabled={impact === null}
            onConfirm={() => closeOn(run("moderation:hide", ref))}
          />
        </Stack>
      </Dialog>

      <Dialog
        opened={dialog === "unhide"}
        onClose={() => setDialog(null)}
        title={t("moderate.unhideTitle", { title: item.title })}
      >
        <Stack>
          <Text size="sm">{t("moderate.unhideNoPoints")}</Text>
          <CommandError error={error} />
          <DialogActions
            onCancel={() => setDialog(null)}
            label={t("moderate.unhide")}
            onConfirm={() => closeOn(run("moderation:unhide", ref))}
          />
        </Stack>
      </Dialog>

      <Dialog opened={dialog === "edit"} onClose={() => setDialog(null)} title={t("moderate.edit")}>
        <Stack>
          <TextInput
            label={t("contribute.challengeTitle")}
            value={title}
            maxLength={CONTRIBUTION_LIMITS.title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Textarea
            label={t("contribute.body")}
            value={body}
            maxLength={CONTRIBUTION_LIMITS.body}
            autosize
            minRows={2}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <CommandError error={error} />
          <DialogActions
            onCancel={() => setDialog(null)}
            label={t("contribute.save")}
            onConfirm={() => closeOn(run("moderation:edit", { contributionId: item.id, title, body }))}
          />
        </Stack>
      </Dialog>

      <Dialog opened={dialog === "merge"} onClose={() => setDialog(null)} title={t("moderate.mergeTitle", { title: item.title })}>
        <Stack>
          <Text size="sm">{t("moderate.mergeHint")}</Text>
          <Select
            aria-label={t("moderate.mergeTitle", { title: item.title })}
            data={mergeCandidates.map((c) => ({ value: c.id, label: c.title }))}
            value={target}
            onChange={setTarget}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
          <CommandError error={error} />
          <DialogActions
            onCancel={() => setDialog(null)}
            label={t("moderate.merge")}
            disabled={!target}
            onConfirm={() => target && closeOn(run("moderation:merge", { sourceId: item.id, targetId: target }))}
          />
        </Stack>
      </Dialog>

      <Dialog opened={dialog === "move"} onClose={() => setDialog(null)} title={t("moderate.moveTitle")}>
        <Stack>
          <Select
            aria-label={t("moderate.moveTitle")}
            data={challenges.map((c) => ({ value: c.id, label: c.title }))}
            value={target}
            onChange={setTarget}
            comboboxProps={{ withinPortal: true }}
          />
          <CommandError error={error} />
          <DialogActions
            onCancel={() => setDialog(null)}
            label={t("moderate.move")}
            disabled={!target}
            onConfirm={() => target && closeOn(run("moderation:moveSolution", { solutionId: item.id, challengeId: target }))}
          />
        </Stack>
      </Dialog>
    </>
  );
}
