import { Alert, Button, Card, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { SubmissionStatus, SubmitDraft } from "../../realtime/outbox";
import { ContributionFields } from "../contribution-fields";

/**
 * A challenge or a solution, typed on a phone. Submitting hands it to the outbox, which sends it
 * now or when the connection returns; the form clears at once either way. The notice under the
 * button follows what the outbox says of that submission: sending, waiting for the connection, or
 * sent. A refusal is told once, in "My contributions" (with the title it refused), never here.
 */
export function ContributeForm({
  kind,
  openChallenges,
  online,
  onSubmit,
  statusOf,
}: {
  kind: "challenge" | "solution";
  openChallenges: ContributionView[];
  online: boolean;
  /** Hands the submission to the outbox; returns its client id. */
  onSubmit: (input: SubmitDraft) => string;
  statusOf: (clientId: string) => SubmissionStatus | null;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [last, setLast] = useState<string | null>(null);
  const status = last ? statusOf(last) : null;
  const notice = status === "sent" ? "submitted" : status === "waiting" ? (online ? "sending" : "queued") : null;
  const isSolution = kind === "solution";
  // A challenge picked before the facilitator narrowed the open ones is no longer offered, nor sent.
  const stillOpen = openChallenges.some((c) => c.id === challengeId) ? challengeId : null;
  const chosen = isSolution && openChallenges.length === 1 ? openChallenges[0].id : stillOpen;

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
          setLast(
            onSubmit(isSolution && chosen ? { kind: "solution", ...text, challengeId: chosen } : { kind: "challenge", ...text }),
          );
          setTitle("");
          setBody("");
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
              styles={{ option: { overflowWrap: "anywhere" } }}
              data-testid="solution-challenge"
            />
          ) : null}
          <ContributionFields
            kind={kind}
            title={title}
            body={body}
            onTitle={(value) => {
              setTitle(value);
              setLast(null);
            }}
            onBody={setBody}
            withHint
            size="md"
          />
          <Button type="submit" size="md" disabled={!title.trim() || (isSolution && !chosen)}>
            {isSolution ? t("contribute.submitSolution") : t("contribute.submitChallenge")}
          </Button>
          {notice ? (
            <Alert
              color={notice === "submitted" ? "green" : notice === "queued" ? "yellow" : "gray"}
              variant="light"
              role="status"
              data-testid="submit-notice"
              data-notice={notice}
            >
              {t(`contribute.${notice}`)}
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}
