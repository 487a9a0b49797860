import { Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CONTRIBUTION_LIMITS, type ContributionView } from "../../domain/contributions";
import { type OutboxItem, queuedChange, refused } from "../../realtime/outbox";
import { RefusedCard } from "./not-sent";

/** What the author may do to their own contribution: both go through the phone's outbox. */
export type OwnChanges = {
  edit: (item: ContributionView, text: { title: string; body: string }) => void;
  withdraw: (item: ContributionView) => void;
};

/**
 * One sent contribution: its wording (a change still waiting to be sent shows as it will be), and
 * while its step is open, Edit and Withdraw. Both are queued like a submission: offline, they wait
 * on this phone and are sent in order when the connection returns.
 */
function Editable({
  item,
  canChange,
  waiting,
  changes,
}: {
  item: ContributionView;
  canChange: boolean;
  waiting: ReturnType<typeof queuedChange>;
  changes: OwnChanges;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const shown = waiting?.kind === "edit" ? waiting : item;
  const [title, setTitle] = useState(shown.title);
  const [body, setBody] = useState(shown.body ?? "");
  return (
    <Card withBorder padding="sm" data-testid="my-contribution" data-status="sent" data-pending={waiting?.kind}>
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
            <Button
              size="sm"
              disabled={!title.trim()}
              onClick={() => {
                changes.edit(item, { title: title.trim(), body: body.trim() });
                setEditing(false);
              }}
            >
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
            {shown.title}
          </Text>
          {shown.body ? (
            <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {shown.body}
            </Text>
          ) : null}
          <Group gap="xs">
            {waiting ? (
              <Badge color="#8f5b00" variant="filled" size="sm" data-testid="change-waiting">
                {waiting.kind === "edit" ? t("contribute.waitingEdit") : t("contribute.waitingWithdraw")}
              </Badge>
            ) : (
              // Filled, dark enough for white text at AA contrast (a light badge fell short at this size).
              <Badge color="#1e6b30" variant="filled" size="sm">
                {t("contribute.sent")}
              </Badge>
            )}
            {canChange && waiting?.kind !== "withdraw" ? (
              <>
                <Button
                  size="compact-md"
                  variant="light"
                  onClick={() => {
                    setTitle(shown.title);
                    setBody(shown.body ?? "");
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
                    if (window.confirm(t("contribute.confirmWithdraw"))) changes.withdraw(item);
                  }}
                >
                  {t("contribute.withdraw")}
                </Button>
              </>
            ) : null}
          </Group>
        </Stack>
      )}
    </Card>
  );
}

const OWN_EVENTS: readonly OutboxItem["event"][] = ["contribution:submit", "contribution:edit", "contribution:withdraw"];

/**
 * What this phone has written: waiting in the outbox, refused (with what it was, why, and Copy),
 * sent, and (while its step is open) editable.
 */
export function MyContributions({
  items,
  outbox,
  canChange,
  changes,
  onDismiss,
}: {
  items: ContributionView[];
  outbox: OutboxItem[];
  canChange: (item: ContributionView) => boolean;
  changes: OwnChanges;
  onDismiss: (clientId: string) => void;
}) {
  const { t } = useTranslation();
  const waiting = outbox.filter((i) => i.event === "contribution:submit" && !i.error);
  // Refused submissions, edits and withdrawals are told here, with the rest of what this phone wrote.
  const notSent = refused(outbox).filter((i) => OWN_EVENTS.includes(i.event));
  if (items.length === 0 && waiting.length === 0 && notSent.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="my-contributions">
      <Title order={2} size="h4">
        {t("contribute.mine")}
      </Title>
      {notSent.map((item) => (
        <RefusedCard key={item.clientId} item={item} onDismiss={onDismiss} testId="my-contribution" />
      ))}
      {waiting.map((item) =>
        item.event === "contribution:submit" ? (
          <Card key={item.clientId} withBorder padding="sm" data-testid="my-contribution" data-status="waiting">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                {item.payload.title}
              </Text>
              <Badge color="#8f5b00" variant="filled" size="sm">
                {t("contribute.waiting")}
              </Badge>
            </Stack>
          </Card>
        ) : null,
      )}
      {[...items].reverse().map((item) => (
        <Editable
          key={item.id}
          item={item}
          canChange={canChange(item)}
          waiting={queuedChange(outbox, item.id)}
          changes={changes}
        />
      ))}
    </Stack>
  );
}
