import { Button, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { RecommendationView } from "../../domain/recommendations";
import type { AppError } from "../../domain/result";
import type { ConnectionStatus } from "../../realtime/use-workshop-live";
import { useErrorText } from "../field-error";
import { RecommendationCard } from "../recommendation-card";
import type { Send } from "../run/types";

/**
 * The recommendations on a phone: each with its endorsements by helix and, in the recommendations
 * step, a button to endorse it or take the endorsement back. The button shows the server's answer,
 * never a guess.
 */
export function EndorseList({
  recommendations,
  contributions,
  endorsed,
  canEndorse,
  open,
  status,
  send,
  onChanged,
}: {
  recommendations: readonly RecommendationView[];
  contributions: readonly ContributionView[];
  endorsed: readonly string[];
  /** Observers follow, they do not endorse. */
  canEndorse: boolean;
  /** The recommendations step is on: endorsing is allowed. */
  open: boolean;
  status: ConnectionStatus;
  send: Send<"recommendation:endorse">;
  onChanged: (recommendationId: string, endorsed: boolean) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  async function toggle(rec: RecommendationView, next: boolean) {
    setBusy(rec.id);
    const result = await send("recommendation:endorse", { recommendationId: rec.id, endorsed: next });
    setBusy(null);
    if (result.ok) {
      setError(null);
      onChanged(rec.id, next);
    } else setError(result.error);
  }

  return (
    <Stack gap="sm" data-testid="phone-recommendations">
      <Title order={2} size="h4">
        {t("recommendations.title")}
      </Title>
      {open ? (
        <Text size="sm" c="dimmed">
          {canEndorse ? t("recommendations.endorseHint") : t("recommendations.observerHint")}
        </Text>
      ) : null}
      {open && status === "offline" ? (
        <Text size="sm" c="orange.9" role="status">
          {t("recommendations.offline")}
        </Text>
      ) : null}
      {error ? (
        <Text size="sm" c="red.8" role="alert" data-testid="endorse-error">
          {errorText(error)}
        </Text>
      ) : null}
      {recommendations.length === 0 ? (
        <Text c="dimmed">{t("recommendations.phoneEmpty")}</Text>
      ) : (
        recommendations.map((rec) => {
          const mine = endorsed.includes(rec.id);
          return (
            <Stack key={rec.id} gap={6}>
              <RecommendationCard rec={rec} contributions={contributions} />
              {open && canEndorse ? (
                <Button
                  fullWidth
                  size="md"
                  variant={mine ? "filled" : "outline"}
                  color={mine ? "teal.9" : undefined}
                  loading={busy === rec.id}
                  disabled={status !== "online"}
                  aria-pressed={mine}
                  aria-describedby={`recommendation-${rec.id}`}
                  onClick={() => void toggle(rec, !mine)}
                  data-testid="endorse"
                >
                  {mine ? t("recommendations.endorsed") : t("recommendations.endorse")}
                </Button>
              ) : null}
            </Stack>
          );
        })
      )}
    </Stack>
  );
}
