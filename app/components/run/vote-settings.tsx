import { Button, Checkbox, Group, MultiSelect, NumberInput, SegmentedControl, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AgendaStep } from "../../domain/agenda";
import type { ContributionView } from "../../domain/contributions";
import { voteSettingsOf } from "../../domain/voting";
import { CommandError, useCommand } from "./command";
import { wrappingPills } from "./dialog";
import type { Send } from "./types";

/**
 * The rules of one vote step, for the step the room is in or for one still to come (so results can
 * be hidden before the vote opens). The reveal button sits with the results.
 */
export function VoteSettingsControl({
  step,
  challenges,
  send,
  onSaved,
  withTitle = true,
}: {
  step: AgendaStep;
  challenges: ContributionView[];
  send: Send;
  onSaved?: () => void;
  withTitle?: boolean;
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
  const save = async () => {
    const saved = await run("vote:settings", {
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
    if (saved) onSaved?.();
  };
  return (
    <Stack gap="xs" data-testid="vote-settings">
      {withTitle ? (
        <Text size="sm" fw={600}>
          {t("voteSettings.title")}
        </Text>
      ) : null}
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
          styles={wrappingPills}
        />
      ) : null}
      <Button size="xs" variant="light" onClick={save} loading={busy} w="fit-content">
        {t("voteSettings.save")}
      </Button>
      <CommandError error={error} />
    </Stack>
  );
}
