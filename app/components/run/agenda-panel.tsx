import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AgendaStep, dateOfDay, MAX_DAYS, type OpenChallenges, stepsByDay, timerState } from "../../domain/agenda";
import type { ContributionView } from "../../domain/contributions";
import { isVoteStep, STEP_KINDS, type StepKind } from "../../domain/step-kinds";
import { voteSettingsOf } from "../../domain/voting";
import { useFormat } from "../../i18n/format";
import type { PayloadOf } from "../../realtime/protocol";
import { Countdown, useStepTitle } from "../step";
import { CommandError, useCommand } from "./command";
import { Dialog, wrappingPills } from "./dialog";
import { resultsForRoom } from "./results-visibility";
import type { Send } from "./types";
import { VoteSettingsControl } from "./vote-settings";

/** "Day 2 — 15 Nov 2027" when the workshop has a start date, else "Day 2". */
function useDayLabel(startsOn: string | null) {
  const { t } = useTranslation();
  const format = useFormat();
  return (day: number) => {
    const date = dateOfDay(startsOn, day);
    return date ? t("life.dayWithDate", { day, date: format.date(date) }) : t("life.day", { day });
  };
}

function TimerControls({ step, clockOffset, send }: { step: AgendaStep; clockOffset: number; send: Send }) {
  const { t } = useTranslation();
  const { run, error } = useCommand(send);
  const [minutes, setMinutes] = useState<number | string>(10);
  const timer = step.timer;
  const command = (c: PayloadOf<"agenda:timer">["command"]) => run("agenda:timer", { stepId: step.id, command: c });
  const running = timer !== null && timerState(timer, Date.now() + clockOffset).phase === "running";
  return (
    <Stack gap="xs">
      <Group gap="xs" align="center">
        <Text size="sm" fw={600}>
          {t("timer.label")}:
        </Text>
        {timer ? <Countdown timer={timer} clockOffset={clockOffset} /> : <Text c="dimmed">{t("timer.none")}</Text>}
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NumberInput label={t("timer.minutes")} value={minutes} onChange={setMinutes} min={1} max={480} w={100} size="xs" />
        <Button size="xs" variant="light" onClick={() => command({ action: "set", seconds: Math.round(Number(minutes) * 60) })}>
          {t("timer.set")}
        </Button>
        {timer ? (
          <>
            {running ? (
              <Button size="xs" onClick={() => command({ action: "pause" })}>
                {t("timer.pause")}
              </Button>
            ) : (
              <Button size="xs" onClick={() => command({ action: "start" })}>
                {t("timer.start")}
              </Button>
            )}
            <Button size="xs" variant="light" onClick={() => command({ action: "add", seconds: 60 })}>
              {t("timer.addMinute")}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => command({ action: "reset" })}>
              {t("timer.reset")}
            </Button>
          </>
        ) : null}
      </Group>
      <CommandError error={error} />
    </Stack>
  );
}

function OpenChallengesControl({ step, challenges, send }: { step: AgendaStep; challenges: ContributionView[]; send: Send }) {
  const { t } = useTranslation();
  const { run, error } = useCommand(send);
  const open = step.settings.openChallenges ?? { mode: "all" };
  const [mode, setMode] = useState<OpenChallenges["mode"]>(open.mode);
  const [n, setN] = useState<number | string>(open.mode === "top" ? open.n : 3);
  const [ids, setIds] = useState<string[]>(open.mode === "selected" ? open.ids : []);
  const apply = () =>
    run("agenda:setOpenChallenges", {
      stepId: step.id,
      open: mode === "all" ? { mode } : mode === "top" ? { mode, n: Number(n) } : { mode, ids },
    });
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {t("run.openChallenges")}
      </Text>
      <SegmentedControl
        size="xs"
        value={mode}
        onChange={(v) => setMode(v as OpenChallenges["mode"])}
        data={[
          { value: "all", label: t("run.openAll") },
          { value: "top", label: t("run.openTop") },
          { value: "selected", label: t("run.openSelected") },
        ]}
      />
      {mode === "top" ? (
        <NumberInput aria-label={t("run.openTop")} size="xs" min={1} max={50} value={n} onChange={setN} w={100} />
      ) : null}
      {mode === "selected" ? (
        <MultiSelect
          aria-label={t("run.openSelected")}
          size="xs"
          data={challenges.map((c) => ({ value: c.id, label: c.title }))}
          value={ids}
          onChange={setIds}
          styles={wrappingPills}
        />
      ) : null}
      <Button size="xs" variant="light" onClick={apply} w="fit-content">
        {t("run.apply")}
      </Button>
      <CommandError error={error} />
    </Stack>
  );
}

function AgendaEditor({ steps, startsOn, send }: { steps: AgendaStep[]; startsOn: string | null; send: Send }) {
  const { t } = useTranslation();
  const stepTitle = useStepTitle();
  const dayLabel = useDayLabel(startsOn);
  const { run, error } = useCommand(send);
  const [kind, setKind] = useState<StepKind>("discussion");
  const lastDay = Math.max(1, ...steps.map((s) => s.day));
  const days = Array.from({ length: Math.min(MAX_DAYS, lastDay + 1) }, (_, i) => i + 1);
  return (
    <Stack gap="sm">
      {steps.map((step, index) => (
        <Group key={step.id} gap="xs" wrap="nowrap" data-testid="agenda-editor-step">
          <TextInput
            aria-label={t("run.stepName")}
            defaultValue={step.title ?? ""}
            placeholder={t(`step.kind.${step.kind}`)}
            size="xs"
            style={{ flex: 1 }}
            onBlur={(e) => {
              const title = e.currentTarget.value.trim();
              if (title !== (step.title ?? "")) void run("agenda:renameStep", { stepId: step.id, title });
            }}
          />
          <Text size="xs" fw={600} w={130} style={{ flexShrink: 0 }} data-testid="agenda-editor-kind">
            {t(`step.kind.${step.kind}`)}
          </Text>
          <Select
            aria-label={`${t("life.moveToDay")}: ${stepTitle(step)}`}
            size="xs"
            w={110}
            style={{ flexShrink: 0 }}
            data={days.map((d) => ({ value: String(d), label: t("life.day", { day: d }) }))}
            value={String(step.day)}
            allowDeselect={false}
            onChange={(v) => v && Number(v) !== step.day && run("agenda:setStepDay", { stepId: step.id, day: Number(v) })}
            data-testid="agenda-editor-day"
          />
          <ActionIcon
            variant="subtle"
            aria-label={`${t("run.moveUp")}: ${stepTitle(step)}`}
            disabled={index === 0}
            onClick={() => run("agenda:moveStep", { stepId: step.id, toIndex: index - 1 })}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            aria-label={`${t("run.moveDown")}: ${stepTitle(step)}`}
            disabled={index === steps.length - 1}
            onClick={() => run("agenda:moveStep", { stepId: step.id, toIndex: index + 1 })}
          >
            ↓
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`${t("run.remove")}: ${stepTitle(step)}`}
            onClick={() => run("agenda:removeStep", { stepId: step.id })}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group gap="xs" align="flex-end">
        <Select
          label={t("run.stepKind")}
          size="xs"
          w={220}
          data={STEP_KINDS.map((k) => ({ value: k, label: t(`step.kind.${k}`) }))}
          value={kind}
          onChange={(v) => v && setKind(v as StepKind)}
          allowDeselect={false}
        />
        <Button size="xs" onClick={() => run("agenda:addStep", { kind, afterStepId: steps.at(-1)?.id ?? null })}>
          {t("run.addStep")}
        </Button>
        {lastDay < MAX_DAYS ? (
          <Button size="xs" variant="light" onClick={() => run("agenda:addStep", { kind, afterStepId: null, day: lastDay + 1 })}>
            {t("life.addDay")}: {dayLabel(lastDay + 1)}
          </Button>
        ) : null}
      </Group>
      <CommandError error={error} />
    </Stack>
  );
}

/**
 * The agenda with the room's current step, the step's timer, and the controls to move on. Every
 * vote step has its settings at hand, so results can be hidden before its vote opens.
 */
export function AgendaPanel({
  steps,
  current,
  challenges,
  clockOffset,
  startsOn = null,
  send,
}: {
  steps: AgendaStep[];
  /** The workshop's first day (YYYY-MM-DD): days are headed with their dates. */
  startsOn?: string | null;
  /** The step the room is in (the domain's currentStep). */
  current: AgendaStep | null;
  challenges: ContributionView[];
  clockOffset: number;
  send: Send;
}) {
  const { t } = useTranslation();
  const stepTitle = useStepTitle();
  const { run, error, busy } = useCommand(send);
  const [editing, { open, close }] = useDisclosure(false);
  const [settingsFor, setSettingsFor] = useState<string | null>(null);
  const settingsStep = steps.find((s) => s.id === settingsFor) ?? null;
  const dayLabel = useDayLabel(startsOn);
  const days = stepsByDay(steps);
  // One day: no headings (most workshops are one day).
  const headed = days.length > 1 || days[0]?.day !== 1;
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t("run.agenda")}
          </Title>
          <Button size="xs" variant="subtle" onClick={open}>
            {t("run.editAgenda")}
          </Button>
        </Group>
        <Stack gap={4} data-testid="agenda">
          {days.map(({ day, steps: ofDay }) => (
            <Stack key={day} gap={4} data-testid="agenda-day" data-day={day}>
              {headed ? (
                <Title order={3} size="h6" mt={4} data-testid="agenda-day-title">
                  {dayLabel(day)}
                </Title>
              ) : null}
              <Stack gap={4} component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {ofDay.map((step) => {
                  const isCurrent = step.id === current?.id;
                  const vote = isVoteStep(step.kind) ? resultsForRoom(voteSettingsOf(step)) : null;
                  return (
                    <Group
                      key={step.id}
                      component="li"
                      justify="space-between"
                      wrap="nowrap"
                      gap="xs"
                      p={6}
                      style={{ borderRadius: 6, background: isCurrent ? "var(--mantine-color-indigo-light)" : undefined }}
                      data-testid="agenda-step"
                      data-current={isCurrent}
                      data-kind={step.kind}
                      data-results={vote ?? undefined}
                    >
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={isCurrent ? 700 : 400}>
                          {stepTitle(step)}
                        </Text>
                        {vote ? (
                          <Text
                            size="xs"
                            c={vote === "hidden" ? undefined : "dimmed"}
                            fw={vote === "hidden" ? 600 : 400}
                            data-testid="agenda-step-results"
                          >
                            {t(`voteSettings.stepResults.${vote}`)}
                          </Text>
                        ) : null}
                      </Stack>
                      <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                        {vote && !isCurrent ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => setSettingsFor(step.id)}
                            aria-label={t("voteSettings.titleFor", { step: stepTitle(step) })}
                            data-testid="agenda-vote-settings"
                          >
                            {t("voteSettings.open")}
                          </Button>
                        ) : null}
                        {isCurrent ? (
                          <Badge size="sm">{t("step.current")}</Badge>
                        ) : (
                          <Button
                            size="compact-xs"
                            variant="light"
                            loading={busy}
                            onClick={() => run("agenda:goToStep", { stepId: step.id })}
                            aria-label={`${t("run.goTo")}: ${stepTitle(step)}`}
                          >
                            {t("run.goTo")}
                          </Button>
                        )}
                      </Group>
                    </Group>
                  );
                })}
              </Stack>
            </Stack>
          ))}
        </Stack>
        <CommandError error={error} />
        {current ? (
          <Stack gap="sm" pt="xs" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
            <Text size="sm">{t(`step.instructions.${current.kind}`)}</Text>
            <TimerControls step={current} clockOffset={clockOffset} send={send} />
            {current.kind === "collect_solutions" ? (
              <OpenChallengesControl key={current.id} step={current} challenges={challenges} send={send} />
            ) : null}
            {isVoteStep(current.kind) ? (
              <VoteSettingsControl key={current.id} step={current} challenges={challenges} send={send} />
            ) : null}
          </Stack>
        ) : null}
      </Stack>
      <Dialog opened={editing} onClose={close} title={t("run.editAgenda")}>
        <AgendaEditor steps={steps} startsOn={startsOn} send={send} />
      </Dialog>
      <Dialog
        opened={settingsStep !== null}
        onClose={() => setSettingsFor(null)}
        title={settingsStep ? t("voteSettings.titleFor", { step: stepTitle(settingsStep) }) : ""}
      >
        {settingsStep ? (
          <Stack gap="sm">
            <Text size="sm">{t("voteSettings.beforeOpen")}</Text>
            <VoteSettingsControl
              key={settingsStep.id}
              step={settingsStep}
              challenges={challenges}
              send={send}
              withTitle={false}
              onSaved={() => setSettingsFor(null)}
            />
          </Stack>
        ) : null}
      </Dialog>
    </Card>
  );
}
