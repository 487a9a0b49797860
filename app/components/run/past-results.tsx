import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Helix } from "../../domain/helix";
import { pastResultsRefusal, talliesOfResults } from "../../domain/past-results";
import type { VoteResults } from "../../domain/report";
import { ballotItems, voteSettingsOf } from "../../domain/voting";
import type { WorkshopState } from "../../domain/workshop-state";
import { Results } from "../results";
import { useStepTitle } from "../step";
import { CommandError, useCommand } from "./command";
import { Dialog } from "./dialog";
import { ResultsVisibility } from "./results-visibility";
import type { Send } from "./types";

/**
 * The votes the room has held before the current step: each one's results open here for the
 * facilitator, and go back on the projector when the room saw them (the rule:
 * domain/past-results.ts); "Back to the current step" takes them down.
 */
export function PastResults({
  state,
  held,
  invited,
  send,
}: {
  state: Pick<WorkshopState, "steps" | "currentStepId" | "shownResultsStepId" | "contributions">;
  /** The held votes' results, as the loader read them (the current step left out). */
  held: readonly VoteResults[];
  invited: readonly Helix[];
  send: Send;
}) {
  const { t } = useTranslation();
  const stepTitle = useStepTitle();
  const { run, error, busy } = useCommand(send);
  const [open, setOpen] = useState<string | null>(null);
  const past = held.flatMap((results) => {
    const step = state.steps.find((s) => s.id === results.stepId);
    return step && step.id !== state.currentStepId ? [{ step, results }] : [];
  });
  if (past.length === 0) return null;
  const opened = past.find((p) => p.step.id === open) ?? null;
  const shownId = state.shownResultsStepId;
  return (
    <Card withBorder padding="md" data-testid="past-results">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {t("pastResults.heading")}
          </Title>
          {shownId ? (
            <Button size="xs" variant="default" loading={busy} onClick={() => run("vote:showResults", { stepId: null })}>
              {t("pastResults.backToCurrent")}
            </Button>
          ) : null}
        </Group>
        <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {past.map(({ step }) => {
            const refusal = pastResultsRefusal(step, true, state.currentStepId);
            const shown = shownId === step.id;
            return (
              <Stack key={step.id} component="li" gap={4} data-testid="past-vote" data-step-id={step.id}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
                    <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
                      {stepTitle(step)}
                    </Text>
                    {shown ? (
                      <Badge color="teal.9" variant="filled" data-testid="past-vote-shown">
                        {t("pastResults.onProjector")}
                      </Badge>
                    ) : null}
                  </Group>
                  <Group gap="xs" wrap="wrap">
                    <Button size="compact-sm" variant="subtle" onClick={() => setOpen(step.id)}>
                      {t("pastResults.open")}
                    </Button>
                    {refusal === null && !shown ? (
                      <Button
                        size="compact-sm"
                        variant="light"
                        loading={busy}
                        onClick={() => run("vote:showResults", { stepId: step.id })}
                      >
                        {t("pastResults.show")}
                      </Button>
                    ) : null}
                  </Group>
                </Group>
                {refusal ? (
                  <Text size="xs" c="dimmed" data-testid="past-vote-why">
                    {t(`pastResults.why.${refusal}`)}
                  </Text>
                ) : null}
              </Stack>
            );
          })}
        </Stack>
        <CommandError error={error} />
      </Stack>
      <Dialog
        opened={opened !== null}
        onClose={() => setOpen(null)}
        title={opened ? t("pastResults.dialogTitle", { title: stepTitle(opened.step) }) : ""}
        size="xl"
      >
        {opened ? (
          <Results
            tallies={talliesOfResults(opened.results)}
            items={ballotItems(state.contributions, opened.results.kind, { challengeIds: opened.results.challengeIds })}
            threshold={voteSettingsOf(opened.step).supportThreshold}
            invited={invited}
            visibility={<ResultsVisibility step={opened.step} settings={voteSettingsOf(opened.step)} send={send} />}
          />
        ) : null}
      </Dialog>
    </Card>
  );
}
