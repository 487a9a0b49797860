import { Button, Checkbox, Group, MultiSelect, NumberInput, SegmentedControl, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgendaStep } from "../../domain/agenda";
import type { ContributionView } from "../../domain/contributions";
import { voteSettingsOf } from "../../domain/voting";
import { CommandError, useCommand } from "./command";
import type { Send } from "./types";

/** The rules of one vote step, and the reveal button when its results are hidden. */
export function VoteSettingsControl({
  step,
  challenges,
  send,
}: {
  step: AgendaStep;
  challenges: ContributionView[];
  send: Send;
}) {
  const { t } = useTranslation();
  const { run, error, busy } = useCommand(send);
  const current = voteSettingsOf(step);
  const [budget, setBudget] = useState<number | string>(current.budget);
  const [cap, setCap] = useState<number | string>(current.cap);
  const [results, setResults] = useState(current.results);
  const [allowSelfVote, setAllowSelfVote] = useState(current.allowSelfVote);
  const [threshold, setThreshold] = useState<number | string>(current.supportThreshold);
  const [challengeIds, setChallengeIds] = useState<string[]>(current.challengeIds ?? []);
  const save = () =>
    run("vote:settings", {
      stepId: step.id,
      settings: {
        budget: Number(budget),
        cap: Number(cap),
        results,
        allowSelfVote,
        supportThreshold: Number(threshold),
        ...(step.kind === "vote_solutions" ? { challengeIds: challengeIds.length ? challengeIds : null } : {}),
      },
    });
  return (
    <Stack gap="xs" data-testid="vote-settings">
      <Text size="sm" fw={600}>
        {t("voteSettings.title")}
      </Text>
      <Group gap="xs" grow>
        <NumberInput size="xs" label={t("voteSettings.budget")} min={1} max={50} value={budget} onChange={setBudget} />
        <NumberInput size="xs" label={t("voteSettings.cap")} min={1} max={50} value={cap} onChange={setCap} />
      </Group>
      <Text size="xs">{t("voteSettings.results")}</Text>
      <SegmentedControl
        size="xs"
        aria-label={t("voteSettings.results")}
        value={results}
        onChange={(v) => setResults(v as "live" | "hidden")}
        data={[
          { value: "live", label: t("voteSettings.live") },
          { value: "hidden", label: t("voteSettings.hidden") },
        ]}
      />
      <Checkbox
        size="xs"
        label={t("voteSettings.allowSelf")}
        checked={allowSelfVote}
        onChange={(e) => setAllowSelfVote(e.currentTarget.checked)}
      />
      <NumberInput
        size="xs"
        label={t("voteSettings.threshold")}
        min={0}
        max={10}
        step={0.05}
        decimalScale={2}
        value={threshold}
        onChange={setThreshold}
        w={200}
      />
      {step.kind === "vote_solutions" ? (
        <MultiSelect
          size="xs"
          label={t("voteSettings.ballot")}
          data={challenges.map((c) => ({ value: c.id, label: c.title }))}
          value={challengeIds}
          onChange={setChallengeIds}
        />
      ) : null}
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={save} loading={busy}>
          {t("voteSettings.save")}
        </Button>
        {current.results === "hidden" ? (
          <Button size="xs" onClick={() => run("vote:reveal", { stepId: step.id, revealed: !current.revealed })} loading={busy}>
            {current.revealed ? t("voteSettings.hideAgain") : t("voteSettings.reveal")}
          </Button>
        ) : null}
      </Group>
      <CommandError error={error} />
    </Stack>
  );
}
