import { Button, Group, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AgendaStep } from "../../domain/agenda";
import { roomSeesResults } from "../../domain/selectors";
import type { VoteSettings } from "../../domain/voting";
import { CommandError, useCommand } from "./command";
import type { Send } from "./types";

/** What the room sees of a vote's results: live, hidden until the facilitator reveals them, revealed. */
export function resultsForRoom(settings: Pick<VoteSettings, "results" | "revealed">): "live" | "hidden" | "revealed" {
  if (settings.results !== "hidden") return "live";
  return roomSeesResults(settings) ? "revealed" : "hidden";
}

/**
 * Beside the facilitator's results: whether the room (projector, phones) sees them now, and for a
 * vote whose results are hidden until revealed, the button that reveals or hides them again.
 */
export function ResultsVisibility({
  step,
  settings,
  send,
}: {
  step: Pick<AgendaStep, "id">;
  settings: Pick<VoteSettings, "results" | "revealed">;
  send: Send;
}) {
  const { t } = useTranslation();
  const { run, error, busy } = useCommand(send);
  const seen = roomSeesResults(settings);
  const state = resultsForRoom(settings);
  return (
    <Paper
      withBorder
      p="xs"
      bg={seen ? undefined : "gray.1"}
      style={seen ? undefined : { borderStyle: "dashed", borderColor: "var(--mantine-color-gray-6)" }}
      data-testid="results-visibility"
      data-room-sees={seen}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" fw={seen ? 400 : 700} role="status" data-testid="results-visibility-note">
          {t(`voteSettings.room.${state}`)}
        </Text>
        {state !== "live" ? (
          <Button
            size="xs"
            variant={seen ? "default" : "filled"}
            loading={busy}
            onClick={() => run("vote:reveal", { stepId: step.id, revealed: !seen })}
          >
            {seen ? t("voteSettings.hideAgain") : t("voteSettings.reveal")}
          </Button>
        ) : null}
      </Group>
      <CommandError error={error} />
    </Paper>
  );
}
