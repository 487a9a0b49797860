import { Badge, Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { RecommendationView } from "../../domain/recommendations";
import type { ConnectionStatus } from "../../realtime/use-workshop-live";
import { RecommendationCard } from "../recommendation-card";

/**
 * The recommendations on a phone: each with its endorsements by helix and, in the recommendations
 * step, a button to endorse it or take the endorsement back. A tap goes to the phone's outbox: the
 * button shows the new state at once, marked as waiting until the server confirms it; a refusal is
 * told under "Not sent" with the reason.
 */
export function EndorseList({
  recommendations,
  contributions,
  endorsed,
  canEndorse,
  open,
  status,
  waiting,
  onEndorse,
}: {
  recommendations: readonly RecommendationView[];
  contributions: readonly ContributionView[];
  /** What this participant endorses, with the changes waiting to be sent (`endorsedShown`). */
  endorsed: readonly string[];
  /** Observers follow, they do not endorse. */
  canEndorse: boolean;
  /** The recommendations step is on: endorsing is allowed. */
  open: boolean;
  status: ConnectionStatus;
  /** Recommendations whose endorsement waits in the outbox. */
  waiting: ReadonlySet<string>;
  onEndorse: (rec: RecommendationView, endorsed: boolean) => void;
}) {
  const { t } = useTranslation();

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
                  aria-pressed={mine}
                  aria-describedby={`recommendation-${rec.id}`}
                  onClick={() => onEndorse(rec, !mine)}
                  data-testid="endorse"
                >
                  {mine ? t("recommendations.endorsed") : t("recommendations.endorse")}
                </Button>
              ) : null}
              {open && canEndorse && waiting.has(rec.id) ? (
                <Badge color="#8f5b00" variant="filled" size="sm" data-testid="endorse-waiting">
                  {t("recommendations.waiting")}
                </Badge>
              ) : null}
            </Stack>
          );
        })
      )}
    </Stack>
  );
}
