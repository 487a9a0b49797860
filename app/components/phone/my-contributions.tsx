import { ActionIcon, Alert, Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CONTRIBUTION_LIMITS, type ContributionView } from "../../domain/contributions";
import type { AppError } from "../../domain/result";
import type { OutboxItem } from "../../realtime/outbox";
import type { PayloadOf, Send } from "../../realtime/protocol";
import { useErrorText } from "../field-error";

type OwnChange = "contribution:edit" | "contribution:withdraw";

function Editable({ item, canChange, send }: { item: ContributionView; canChange: boolean; send: Send<OwnChange> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(item.title);
  const [body, setBody] = useState(item.body ?? "");
  const [error, setError] = useState<AppError | null>(null);
  const run = async <E extends OwnChange>(event: E, payload: PayloadOf<E>) => {
    const result = await send(event, payload);
    setError(result.ok ? null : result.error);
    if (result.ok) setEditing(false);
  };
  return (
    <Card withBorder padding="sm" data-testid="my-contribution" data-status="sent">
      {editing ? (
        <Stack gap="xs">
          <TextInput
            aria-label={item.kind === "solution" ? t("contribute.solutionTitle") : t("contribute.challengeTitle")}
            value={title}
            maxLength={CONTRIBUTION_LIMITS.title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Textarea
            aria-label={t("contribute.body")}
            value={body}
            maxLength={CONTRIBUTION_LIMITS.body}
            autosize
            minRows={2}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <Group gap="xs">
            <Button size="sm" onClick={() => run("contribution:edit", { contributionId: item.id, title, body })}>
              {t("contribute.save")}
            </Button>
            <Button size="sm" variant="subtle" onClick={() => setEditing(false)}>
              {t("contribute.cancel")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap={6}>
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {item.title}
          </Text>
          {item.body ? (
            <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {item.body}
            </Text>
          ) : null}
          <Group gap="xs">
            {/* Filled, dark enough for white text at AA contrast (a light badge fell short at this size). */}
            <Badge color="#1e6b30" variant="filled" size="sm">
              {t("contribute.sent")}
            </Badge>
            {canChange ? (
              <>
                <Button
                  size="compact-md"
                  variant="light"
                  onClick={() => {
                    setTitle(item.title);
                    setBody(item.body ?? "");
                    setEditing(true);
                  }}
                >
                  {t("contribute.edit")}
                </Button>
                <Button
                  size="compact-md"
                  variant="subtle"
                  color="red"
                  onClick={() => {
                    if (window.confirm(t("contribute.confirmWithdraw")))
                      void run("contribution:withdraw", { contributionId: item.id });
                  }}
                >
                  {t("contribute.withdraw")}
                </Button>
              </>
            ) : null}
          </Group>
        </Stack>
      )}
      {error ? (
        <Alert color="red" mt="xs" role="alert">
          {errorText(error)}
        </Alert>
      ) : null}
    </Card>
  );
}

/** What this phone has written: waiting in the outbox, sent, and (while its step is open) editable. */
export function MyContributions({
  items,
  outbox,
  canChange,
  send,
  onDismiss,
}: {
  items: ContributionView[];
  outbox: OutboxItem[];
  canChange: (item: ContributionView) => boolean;
  send: Send<OwnChange>;
  onDismiss: (clientId: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  // The server refuses a submission as a conflict when its step no longer takes that kind (the
  // room moved on while it waited): said in the phone's language, not the server's English.
  const refusalText = (item: OutboxItem) =>
    item.error?.code === "conflict" ? t(`contribute.stepOver.${item.payload.kind}`) : item.error ? errorText(item.error) : "";
  if (items.length === 0 && outbox.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="my-contributions">
      <Title order={2} size="h4">
        {t("contribute.mine")}
      </Title>
      {outbox.map((item) => (
        <Card
          key={item.clientId}
          withBorder
          padding="sm"
          data-testid="my-contribution"
          data-status={item.error ? "failed" : "waiting"}
        >
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                {item.payload.title}
              </Text>
              {item.error ? (
                <Text size="sm" c="red.9" role="alert">
                  {t("contribute.failed", { reason: refusalText(item) })}
                </Text>
              ) : (
                <Badge color="#8f5b00" variant="filled" size="sm">
                  {t("contribute.waiting")}
                </Badge>
              )}
            </Stack>
            {item.error ? (
              // A thumb-sized target (44 × 44 CSS px), named for screen readers.
              <ActionIcon
                size={44}
                variant="subtle"
                color="gray"
                aria-label={t("contribute.dismiss", { title: item.payload.title })}
                onClick={() => onDismiss(item.clientId)}
                data-testid="dismiss-refusal"
              >
                <span aria-hidden style={{ fontSize: 24, lineHeight: 1 }}>
                  ×
                </span>
              </ActionIcon>
            ) : null}
          </Group>
        </Card>
      ))}
      {[...items].reverse().map((item) => (
        <Editable key={item.id} item={item} canChange={canChange(item)} send={send} />
      ))}
    </Stack>
  );
}
