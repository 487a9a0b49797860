import { Alert, Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CONTRIBUTION_LIMITS, type ContributionView } from "../../domain/contributions";
import type { AppError } from "../../domain/result";
import type { OutboxItem } from "../../realtime/outbox";
import type { PayloadOf, Send } from "../../realtime/protocol";

type OwnChange = "contribution:edit" | "contribution:withdraw";

function Editable({ item, canChange, send }: { item: ContributionView; canChange: boolean; send: Send<OwnChange> }) {
  const { t } = useTranslation();
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
            aria-label={t("contribute.challengeTitle")}
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
            <Button size="xs" onClick={() => run("contribution:edit", { contributionId: item.id, title, body })}>
              {t("contribute.save")}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setEditing(false)}>
              {t("contribute.cancel")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap={4}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {item.title}
            </Text>
            {/* Filled, dark enough for white text at AA contrast (a light badge fell short at this size). */}
            <Badge color="#1e6b30" variant="filled" size="sm">
              {t("contribute.sent")}
            </Badge>
          </Group>
          {item.body ? (
            <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
              {item.body}
            </Text>
          ) : null}
          {canChange ? (
            <Group gap="xs">
              <Button
                size="compact-xs"
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
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => {
                  if (window.confirm(t("contribute.confirmWithdraw")))
                    void run("contribution:withdraw", { contributionId: item.id });
                }}
              >
                {t("contribute.withdraw")}
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
      {error ? (
        <Alert color="red" mt="xs" role="alert">
          {error.code === "validation" || error.code === "conflict" || error.code === "forbidden"
            ? error.message
            : t(`errors.${error.code}`)}
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
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>
              {item.payload.title}
            </Text>
            {item.error ? (
              <Button size="compact-xs" variant="subtle" onClick={() => onDismiss(item.clientId)}>
                ×
              </Button>
            ) : (
              <Badge color="#8f5b00" variant="filled" size="sm">
                {t("contribute.waiting")}
              </Badge>
            )}
          </Group>
          {item.error ? (
            <Text size="sm" c="red.9">
              {t("contribute.failed", { reason: item.error.message })}
            </Text>
          ) : null}
        </Card>
      ))}
      {[...items].reverse().map((item) => (
        <Editable key={item.id} item={item} canChange={canChange(item)} send={send} />
      ))}
    </Stack>
  );
}
