import { Alert, Badge, Box, Card, Grid, Group, Image, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AbsentHelicesNotice } from "../components/absent-helices";
import { ConnectionIndicator } from "../components/connection-indicator";
import { HelixCountTiles } from "../components/helix";
import { qrCodeDataUri } from "../components/qr-code.server";
import { RecommendationCard } from "../components/recommendation-card";
import { Results, Turnout } from "../components/results";
import { Countdown, useStepTitle } from "../components/step";
import { ContributionCard, Wall } from "../components/wall";
import { HELIX_COLORS } from "../domain/helix";
import { challengesOpenForSolutions, currentStep, currentVote, roomOf } from "../domain/selectors";
import { lobbySummary } from "../domain/workshop-state";
import { useWorkshopLive } from "../realtime/use-workshop-live";
import { statusFor } from "../utils/http";

/** Full screen, no app header: this is what the room sees on the projector. */
export const handle = { chrome: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.state.workshop.title ?? "Display"} — Helix Review` },
  { name: "robots", content: "noindex" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const result = context.services.room.forDisplay(params.token ?? "");
  if (!result.ok) throw new Response(result.error.message, { status: statusFor(result.error) });
  const { chosen } = context.joinAddresses(request.url, await context.sessions.joinOrigin(request.headers.get("Cookie")));
  const participantUrl = `${chosen}/j/${result.data.state.workshop.joinCode}`;
  return {
    state: result.data.state,
    displayToken: params.token as string,
    joinUrl: `${new URL(chosen).host}/join`,
    qr: await qrCodeDataUri(participantUrl),
  };
}

export default function Display() {
  const { t } = useTranslation();
  const stepTitle = useStepTitle();
  const { state: initial, displayToken, joinUrl, qr } = useLoaderData<typeof loader>();
  const workshop = initial.workshop;
  const { state, status, authError, clockOffset } = useWorkshopLive(initial, {
    as: "display",
    workshopId: workshop.id,
    displayToken,
  });
  const summary = lobbySummary(state);
  const named = state.participants.filter((p) => p.displayName);
  const step = currentStep(state);
  const inLobby = !step || step.kind === "lobby";
  const pinned = state.contributions.find((c) => c.id === state.pinnedId);
  const openIds = step?.kind === "collect_solutions" ? challengesOpenForSolutions(roomOf(state), state.contributions) : undefined;
  const vote = currentVote(state);

  const join = (
    <Group align="center" gap="2vw" wrap="nowrap" style={{ minWidth: 0 }}>
      <Image
        src={qr}
        alt={t("workshop.qrAlt")}
        w={inLobby ? "min(30vw, 34vh)" : "min(12vw, 16vh)"}
        h={inLobby ? "min(30vw, 34vh)" : "min(12vw, 16vh)"}
        bg="white"
        p="xs"
        radius="md"
      />
      <Stack gap={inLobby ? "xs" : 0} style={{ minWidth: 0 }}>
        <Text fz={inLobby ? "1.4em" : "1em"}>{t("display.joinAt")}</Text>
        <Text fz={inLobby ? "2em" : "1.2em"} fw={700} ff="monospace" style={{ overflowWrap: "anywhere" }}>
          {joinUrl}
        </Text>
        <Text fz={inLobby ? "1.4em" : "1em"}>{t("display.withCode")}</Text>
        <Text fz={inLobby ? "4.2em" : "2.2em"} fw={800} ff="monospace" lts="0.12em" lh={1} data-testid="display-join-code">
          {state.workshop.joinCode}
        </Text>
      </Stack>
    </Group>
  );

  return (
    <Box className="display" component="main">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Title order={1} fz="1.8em">
              {state.workshop.title}
            </Title>
            <Text fz="1em" c="dimmed">
              {state.workshop.hostOrganisation}
            </Text>
          </Stack>
          <ConnectionIndicator status={status} />
        </Group>
        {authError ? (
          <Alert color="red" fz="1.2em" role="alert">
            {t("display.revoked")}
          </Alert>
        ) : null}

        <Card withBorder padding="lg" data-testid="display-step">
          <Group justify="space-between" wrap="nowrap" align="center">
            <Stack gap={4}>
              <Title order={2} fz="2em" data-testid="display-step-title">
                {stepTitle(step)}
              </Title>
              {step ? <Text fz="1.3em">{t(`step.instructions.${step.kind}`)}</Text> : null}
            </Stack>
            {step?.timer ? <Countdown timer={step.timer} clockOffset={clockOffset} size="xl" /> : null}
          </Group>
        </Card>

        {pinned ? (
          <Card withBorder padding="xl" radius="lg" style={{ borderWidth: 4 }} data-testid="display-pinned">
            <Badge size="lg" mb="sm">
              {t("wall.pinned")}
            </Badge>
            <ContributionCard item={pinned} size="xl" />
          </Card>
        ) : null}

        {inLobby ? (
          <>
            {join}
            <Stack gap="md">
              <Group justify="space-between">
                <Title order={2} fz="1.8em">
                  {t("display.inTheRoom")}
                </Title>
                <Text fz="1.8em" fw={700} data-testid="display-total">
                  {summary.total}
                </Text>
              </Group>
              <HelixCountTiles counts={summary.byHelix} size="xl" />
              {summary.total === 0 ? (
                <Text fz="1.3em" c="dimmed">
                  {t("display.waiting")}
                </Text>
              ) : (
                <AbsentHelicesNotice absent={summary.absent} size="xl" />
              )}
              {named.length > 0 ? (
                <Group gap="sm" data-testid="display-names">
                  {named.map((p) => (
                    <Badge key={p.id} size="xl" variant="light" color={HELIX_COLORS[p.helix]} tt="none">
                      {p.displayName}
                    </Badge>
                  ))}
                </Group>
              ) : null}
            </Stack>
          </>
        ) : (
          <Grid gutter="xl">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              {step?.kind === "recommendations" ? (
                <Stack gap="lg" data-testid="display-recommendations">
                  {state.recommendations.length === 0 ? (
                    <Text fz="1.4em" c="dimmed">
                      {t("recommendations.phoneEmpty")}
                    </Text>
                  ) : (
                    state.recommendations.map((rec) => (
                      <RecommendationCard key={rec.id} rec={rec} contributions={state.contributions} size="xl" />
                    ))
                  )}
                </Stack>
              ) : vote ? (
                vote.tallies && !vote.tallies.hidden ? (
                  <Results
                    tallies={vote.tallies}
                    items={vote.items}
                    threshold={vote.settings.supportThreshold}
                    invited={state.workshop.settings.helices}
                    size="xl"
                  />
                ) : (
                  <Stack gap="md">
                    <Text fz="1.4em" c="dimmed" data-testid="results-hidden">
                      {t("vote.hiddenUntilReveal")}
                    </Text>
                    {vote.tallies ? <Turnout tallies={vote.tallies} size="xl" /> : null}
                  </Stack>
                )
              ) : (
                <Wall contributions={state.contributions} size="xl" openIds={openIds} />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="lg">
                {join}
                <Text fz="1.3em" fw={700} data-testid="display-total">
                  {t("phone.roomCount", { count: summary.total })}
                </Text>
                <HelixCountTiles counts={summary.byHelix} narrow />
                <AbsentHelicesNotice absent={summary.absent} />
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </Stack>
    </Box>
  );
}
