import { Button, Card, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CONTRIBUTION_LIMITS } from "../../domain/contributions";
import { newClientId } from "../../realtime/outbox";
import { CommandError, useCommand } from "./agenda-panel";
import type { Send } from "./types";

/** The host's own challenges, pre-loaded by a facilitator before or during the day. */
export function HostChallengeForm({ send }: { send: Send }) {
  const { t } = useTranslation();
  const { run, error, busy } = useCommand(send);
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [clientId, setClientId] = useState(newClientId);
  return (
    <Card withBorder padding="md">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await run("contribution:submit", { kind: "challenge", clientId, title, body })) {
            setTitle("");
            setBody("");
            setClientId(newClientId());
          }
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h5">
            {t("run.hostChallenge")}
          </Title>
          <Text size="xs" c="dimmed">
            {t("run.hostChallengeHint")}
          </Text>
          <TextInput
            label={t("contribute.challengeTitle")}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            maxLength={CONTRIBUTION_LIMITS.title}
            required
            size="sm"
          />
          <Textarea
            label={t("contribute.body")}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            maxLength={CONTRIBUTION_LIMITS.body}
            autosize
            minRows={2}
            size="sm"
          />
          <CommandError error={error} />
          <Button type="submit" size="sm" loading={busy} w="fit-content">
            {t("contribute.submitChallenge")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
