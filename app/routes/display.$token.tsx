import { Alert, Badge, Box, Group, Image, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AbsentHelicesNotice } from "../components/absent-helices";
import { ConnectionIndicator } from "../components/connection-indicator";
import { HelixCountTiles } from "../components/helix";
import { qrCodeDataUri } from "../components/qr-code.server";
import { HELIX_COLORS } from "../domain/helix";
import { lobbySummary } from "../domain/workshop-state";
import { useWorkshopLive } from "../realtime/use-workshop-live";
import { statusFor } from "../utils/http";

/** Full screen, no app header: this is what the room sees on the projector. */
export const handle = { chrome: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.lobby.workshop.title ?? "Display"} — Helix Review` },
  { name: "robots", content: "noindex" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const result = context.services.room.forDisplay(params.token ?? "");
  if (!result.ok) throw new Response(result.error.message, { status: statusFor(result.error) });
  const origin = new URL(request.url).origin;
  const participantUrl = `${origin}/j/${result.data.lobby.workshop.joinCode}`;
  return {
    lobby: result.data.lobby,
    displayToken: params.token as string,
    joinUrl: `${new URL(origin).host}/join`,
    qr: await qrCodeDataUri(participantUrl),
  };
}

export default function Display() {
  const { t } = useTranslation();
  const { lobby, displayToken, joinUrl, qr } = useLoaderData<typeof loader>();
  const workshop = lobby.workshop;
  const { state, status, authError } = useWorkshopLive(lobby, { as: "display", workshopId: workshop.id, displayToken });
  const summary = lobbySummary(state);
  const named = state.participants.filter((p) => p.displayName);

  return (
    <Box className="display" component="main">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Title order={1} fz="2em">
              {state.workshop.title}
            </Title>
            <Text fz="1.1em" c="dimmed">
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
        <Group align="center" gap="4vw" wrap="wrap">
          <Image src={qr} alt={t("workshop.qrAlt")} w="min(30vw, 34vh)" h="min(30vw, 34vh)" bg="white" p="sm" radius="md" />
          <Stack gap="xs">
            <Text fz="1.4em">{t("display.joinAt")}</Text>
            <Text fz="2em" fw={700} ff="monospace">
              {joinUrl}
            </Text>
            <Text fz="1.4em">{t("display.withCode")}</Text>
            <Text fz="4.2em" fw={800} ff="monospace" lts="0.12em" lh={1} data-testid="display-join-code">
              {state.workshop.joinCode}
            </Text>
          </Stack>
        </Group>
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
      </Stack>
    </Box>
  );
}
