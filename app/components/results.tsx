import type { BarChartProps } from "@mantine/charts";
import { Alert, Badge, Card, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../domain/contributions";
import { HELICES, HELIX_COLORS, type Helix, sumCounts } from "../domain/helix";
import { type ItemMetrics, rankItems, roomBalance, type SupportLabel, withPoints } from "../domain/helix-metrics";
import type { TallyState } from "../domain/workshop-state";
import { useFormat } from "../i18n/format";
import { deferred } from "../utils/deferred";

/** The bar chart, from its own chunk: the charts library loads when results are first shown. */
const BarChart = deferred<BarChartProps>(() => import("./support-chart").then((m) => m.default));

/**
 * Label colours with white text at ≥ 5.5:1 contrast (a phone in daylight, a projector), distinct
 * from the four helix colours so a label is never read as a helix.
 */
export const LABEL_COLOR: Record<SupportLabel, string> = {
  consensus: "#0b7285",
  divergent: "#a63c06",
  "single-helix": "#5f3dc4",
  none: "#495057",
};

export const fmt = (n: number) => (Math.round(n * 100) / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });

/** Support per person of each helix for one item: a helix with nobody who could vote is stated, not drawn as zero. */
export function HelixSupportBars({ metrics, size = "md" }: { metrics: ItemMetrics; size?: "md" | "xl" }) {
  const { t } = useTranslation();
  const format = useFormat();
  const present = HELICES.filter((h) => metrics.support[h] !== null);
  const absent = HELICES.filter((h) => metrics.support[h] === null);
  const row = Object.fromEntries([["item", ""], ...present.map((h) => [h, Math.round((metrics.support[h] ?? 0) * 100) / 100])]);
  const height = size === "xl" ? 150 : 110;
  return (
    <Stack gap={2}>
      {/* Holds the chart's place while its chunk loads. */}
      <div style={{ minHeight: height }}>
        <BarChart
          h={height}
          data={[row]}
          dataKey="item"
          orientation="vertical"
          series={present.map((h) => ({ name: h, label: t(`helix.${h}.name`), color: HELIX_COLORS[h] }))}
          withLegend={size === "xl"}
          withBarValueLabel
          valueFormatter={format.score}
          yAxisProps={{ hide: true }}
          xAxisProps={{ hide: true }}
          gridAxis="none"
          tooltipAnimationDuration={0}
          barProps={{ isAnimationActive: false }}
          role="img"
          aria-label={present
            .map((h) => `${t(`helix.${h}.name`)}: ${format.score(metrics.support[h] ?? 0)} ${t("results.perPerson")}`)
            .join("; ")}
        />
      </div>
      {absent.length ? (
        <Text size="xs" c="dimmed">
          {absent.map((h) => t("results.absentHelix", { helix: t(`helix.${h}.name`) })).join(" · ")}
        </Text>
      ) : null}
    </Stack>
  );
}

/** A helix's colour as a small square: a mark, not text, so it needs no text contrast. */
function HelixSwatch({ helix }: { helix: Helix }) {
  return (
    <span
      aria-hidden
      style={{
        display: "inline-block",
        width: "0.75em",
        height: "0.75em",
        borderRadius: 2,
        background: HELIX_COLORS[helix],
        marginInlineEnd: 4,
        verticalAlign: "baseline",
      }}
    />
  );
}

/**
 * Beside every result: how many of those who could vote did, in all and per helix. `compact` is the
 * phone's: "3 of 4 have voted" and one short chip per helix, wrapping within 360 px.
 */
export function Turnout({
  tallies,
  size = "md",
  compact = false,
}: {
  tallies: TallyState;
  size?: "md" | "xl";
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const present = HELICES.filter((h) => tallies.electorate[h] > 0);
  const voted = sumCounts(tallies.turnout);
  const electorate = sumCounts(tallies.electorate);
  const helixTurnout = (h: Helix) =>
    t("results.turnoutHelix", { helix: t(`helix.${h}.name`), voted: tallies.turnout[h], electorate: tallies.electorate[h] });
  if (compact) {
    return (
      <Stack gap={4} data-testid="turnout">
        <Text size="sm" fw={700}>
          {t("results.turnoutCompact", { voted, electorate })}
        </Text>
        <Group gap={6} wrap="wrap">
          {present.map((h) => (
            <Text
              key={h}
              size="xs"
              px={8}
              py={2}
              bd="1px solid var(--mantine-color-gray-4)"
              style={{ borderRadius: 999, whiteSpace: "nowrap" }}
              data-testid={`turnout-${h}`}
            >
              <HelixSwatch helix={h} />
              {helixTurnout(h)}
            </Text>
          ))}
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap={2} data-testid="turnout">
      <Text fz={size === "xl" ? "1.2em" : "sm"} fw={600}>
        {t("results.turnout", { voted, electorate })}
      </Text>
      <Group gap="md">
        {present.map((h) => (
          <Text key={h} fz={size === "xl" ? "1.1em" : "sm"} data-testid={`turnout-${h}`}>
            <span style={{ color: HELIX_COLORS[h], fontWeight: 700 }}>●</span> {helixTurnout(h)}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}

/**
 * The warning beside every result: one helix over half of those who could vote, or an invited
 * helix with nobody who could vote.
 */
export function BalanceNotice({
  tallies,
  invited,
  size = "md",
}: {
  tallies: TallyState;
  invited: readonly Helix[];
  size?: "md" | "xl";
}) {
  const { t } = useTranslation();
  const balance = roomBalance(tallies.electorate, invited);
  if (!balance.dominant && balance.absent.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      data-testid="balance-notice"
      styles={size === "xl" ? { message: { fontSize: "1.1em" } } : undefined}
    >
      <Stack gap={4}>
        {balance.dominant ? (
          <Text inherit>
            {t("results.dominant", {
              helix: t(`helix.${balance.dominant}.name`),
              share: Math.round((balance.dominantShare ?? 0) * 100),
            })}
          </Text>
        ) : null}
        {balance.absent.length ? (
          <Text inherit>{t("results.absent", { helices: balance.absent.map((h) => t(`helix.${h}.name`)).join(", ") })}</Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

/**
 * A vote's results: items by balanced score (or raw), each with its raw score, the per-helix
 * support and the consensus / divergent / single-helix label.
 */
export function Results({
  tallies,
  items,
  threshold,
  invited,
  size = "md",
  limit,
  visibility,
}: {
  tallies: TallyState;
  items: ContributionView[];
  threshold: number;
  /** The helices the workshop invited: an absent one is named. */
  invited: readonly Helix[];
  size?: "md" | "xl";
  limit?: number;
  /** On the facilitator's page: whether the room sees these results, and the reveal button. */
  visibility?: ReactNode;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [order, setOrder] = useState<"balanced" | "raw">("balanced");
  const ranked = rankItems(items, (i) => tallies.items[i.id], tallies.electorate, { threshold, order }).slice(0, limit);
  const big = size === "xl";
  return (
    <Stack gap="sm" data-testid="results">
      <Group justify="space-between">
        <Title order={2} size={big ? "h2" : "h4"}>
          {t("results.title")}
        </Title>
        <SegmentedControl
          size="xs"
          aria-label={t("results.orderBy")}
          value={order}
          onChange={(v) => setOrder(v as "balanced" | "raw")}
          data={[
            { value: "balanced", label: t("results.balanced") },
            { value: "raw", label: t("results.raw") },
          ]}
        />
      </Group>
      {visibility}
      <Turnout tallies={tallies} size={size} />
      <BalanceNotice tallies={tallies} invited={invited} size={size} />
      {ranked.length === 0 ? <Text c="dimmed">{t("results.noVotes")}</Text> : null}
      {ranked.map((item) => (
        <Card
          key={item.id}
          withBorder
          padding={big ? "md" : "sm"}
          data-testid="result-item"
          data-id={item.id}
          data-label={item.metrics.label}
        >
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
              <Text fw={800} fz={big ? "1.6em" : "lg"} c="dimmed" data-testid="result-rank">
                {t("results.rank", { rank: item.rank })}
              </Text>
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} fz={big ? "1.3em" : "md"} style={{ overflowWrap: "anywhere" }}>
                  {item.title}
                </Text>
                <Group gap="xs">
                  <Badge color={LABEL_COLOR[item.metrics.label]} variant="filled" data-testid="result-label">
                    {t(`results.label.${item.metrics.label}`)}
                  </Badge>
                  <Text size="sm" data-testid="result-balanced">
                    {t("results.balancedScore", { score: format.score(item.metrics.balanced) })}
                  </Text>
                  <Text size="sm" c="dimmed" data-testid="result-raw">
                    {t("results.rawScore", { count: item.metrics.raw })}
                  </Text>
                </Group>
              </Stack>
            </Group>
          </Group>
          <HelixSupportBars metrics={item.metrics} size={size} />
        </Card>
      ))}
    </Stack>
  );
}

/**
 * On a phone after the reveal: the top items, and where the participant's own helix stands on each
 * beside the helix-balanced score (the average of the helices present), worded as what it is.
 */
export function PhoneResults({
  tallies,
  items,
  threshold,
  helix,
}: {
  tallies: TallyState;
  items: ContributionView[];
  threshold: number;
  helix: Helix;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const ranked = withPoints(rankItems(items, (i) => tallies.items[i.id], tallies.electorate, { threshold })).slice(0, 3);
  return (
    <Stack gap="xs" data-testid="phone-results">
      <Title order={2} size="h4">
        {t("results.top")}
      </Title>
      <Turnout tallies={tallies} compact />
      {ranked.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="phone-results-empty">
          {t("results.noVotes")}
        </Text>
      ) : null}
      {ranked.map((item) => (
        <Card key={item.id} withBorder padding="sm" data-testid="result-item">
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text fw={800} c="dimmed" data-testid="result-rank">
                {t("results.rank", { rank: item.rank })}
              </Text>
              <Text fw={600} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                {item.title}
              </Text>
            </Group>
            <Group gap="xs">
              <Badge color={LABEL_COLOR[item.metrics.label]} variant="filled" data-testid="result-label">
                {t(`results.label.${item.metrics.label}`)}
              </Badge>
            </Group>
            <Text size="sm" data-testid="own-helix-support">
              {t("results.yourHelixSupport", {
                helix: t(`helix.${helix}.name`),
                support: format.score(item.metrics.support[helix] ?? 0),
                average: format.score(item.metrics.balanced),
              })}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
