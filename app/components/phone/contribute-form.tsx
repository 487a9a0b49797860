import { Alert, Button, Card, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { SubmitDraft } from "../../realtime/outbox";
import { ContributionFields } from "../contribution-fields";

/**
 * A challenge or a solution, typed on a phone. Submitting hands it to the outbox, which sends it
 * now or when the connection returns; the form clears at once either way.
 */
export function ContributeForm({
  kind,
  openChallenges,
  online,
  onSubmit,
}: {
  kind: "challenge" | "solution";
  openChallenges: ContributionView[];
  online: boolean;
  onSubmit: (input: SubmitDraft) => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [notice, setNotice] = useState<"submitted" | "queued" | null>(null);
  const isSolution = kind === "solution";
  const chosen = isSolution && openChallenges.length === 1 ? openChallenges[0].id : challengeId;

  if (isSolution && openChallenges.length === 0) {
    return (
      <Text c="dimmed" data-testid="no-open-challenges">
        {t("contribute.noOpenChallenges")}
      </Text>
    );
  }
  return (
    <Card withBorder padding="md">
      <form
        data-testid="contribute-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!title.trim() || (isSolution && !chosen)) return;
          const text = { title: title.trim(), body: body.trim() };
          onSubmit(isSolution && chosen ? { kind: "solution", ...text, challengeId: chosen } : { kind: "challenge", ...text });
          setTitle("");
          setBody("");
          setNotice(online ? "submitted" : "queued");
        }}
      >
        <Stack gap="sm">
          {isSolution ? (
            <Select
              label={t("contribute.challenge")}
              data={openChallenges.map((c) => ({ value: c.id, label: c.title }))}
              value={chosen}
              onChange={setChallengeId}
              required
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="solution-challenge"
            />
          ) : null}
          <ContributionFields
            kind={kind}
            title={title}
            body={body}
            onTitle={(value) => {
              setTitle(value);
              setNotice(null);
            }}
            onBody={setBody}
            withHint
            size="md"
          />
          <Button type="submit" size="md" disabled={!title.trim() || (isSolution && !chosen)}>
            {isSolution ? t("contribute.submitSolution") : t("contribute.submitChallenge")}
          </Button>
          {notice ? (
            <Alert color={notice === "queued" ? "yellow" : "green"} variant="light" role="status" data-testid="submit-notice">
              {t(`contribute.${notice}`)}
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}
