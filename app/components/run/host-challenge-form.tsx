import { Button, Card, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { newClientId } from "../../realtime/outbox";
import { ContributionFields } from "../contribution-fields";
import { CommandError, useCommand } from "./command";
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
          <ContributionFields kind="challenge" title={title} body={body} onTitle={setTitle} onBody={setBody} size="sm" />
          <CommandError error={error} />
          <Button type="submit" size="sm" loading={busy} w="fit-content">
            {t("contribute.submitChallenge")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
