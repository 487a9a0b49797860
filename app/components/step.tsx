import { Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AgendaStep, formatCountdown, type Timer, timerState } from "../domain/agenda";

/** A step's name: the facilitator's own, or the kind's translated default. */
export function useStepTitle() {
  const { t } = useTranslation();
  return (step: Pick<AgendaStep, "kind" | "title"> | null) =>
    step ? (step.title ?? t(`step.kind.${step.kind}`)) : t("step.noStep");
}

/**
 * A step timer counting down on the server's clock (`clockOffset` = server − device), so the
 * projector and every phone show the same time.
 */
export function Countdown({ timer, clockOffset, size = "md" }: { timer: Timer | null; clockOffset: number; size?: "md" | "xl" }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!timer?.endsAt) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [timer?.endsAt]);
  if (!timer) return null;
  const { phase, remainingMs: remaining } = timerState(timer, now + clockOffset);
  const running = phase === "running";
  const ended = phase === "up";
  return (
    <Text
      component="span"
      ff="monospace"
      fw={700}
      fz={size === "xl" ? "3em" : "xl"}
      c={ended ? "white" : running ? undefined : "dimmed"}
      bg={ended ? "red.9" : undefined}
      px={ended ? "0.4em" : undefined}
      style={ended ? { borderRadius: "0.25em", whiteSpace: "nowrap" } : undefined}
      role="timer"
      aria-label={t("timer.label")}
      aria-live={ended ? "assertive" : "off"}
      data-testid="countdown"
      data-running={running}
      data-ended={ended}
    >
      {remaining === 0 ? t("timer.timeUp") : formatCountdown(remaining)}
    </Text>
  );
}
