import { Anchor, Badge, Button, Card, Container, Group, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireFacilitator } from "../auth.server";
import { WorkshopStatusBadge } from "../components/status-badge";
import { useFormat } from "../i18n/format";
import { pageTitle } from "../i18n/meta";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "workshops.myTitle" })];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const result = context.services.workshops.listForFacilitator(actor);
  if (!result.ok) throw new Response(result.error.message, { status: 403 });
  return { workshops: result.data };
}

export default function MyWorkshops() {
  const { t } = useTranslation();
  const format = useFormat();
  const { workshops } = useLoaderData<typeof loader>();
  return (
    <Container size="md" py="lg">
      <Stack>
        <Group justify="space-between">
          <Title order={1}>{t("workshops.myTitle")}</Title>
          <Button component={Link} to="/workshops/new">
            {t("workshops.create")}
          </Button>
        </Group>
        {workshops.length === 0 ? (
          <Card withBorder padding="xl">
            <Stack align="center" gap="xs">
              <Text fw={600}>{t("workshops.empty")}</Text>
              <Text c="dimmed" ta="center">
                {t("workshops.emptyHint")}
              </Text>
            </Stack>
          </Card>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {workshops.map((w) => (
              <Card key={w.id} withBorder component="li">
                <Group justify="space-between" wrap="wrap">
                  <Stack gap={2}>
                    <Anchor component={Link} to={`/workshops/${w.id}`} fw={600} size="lg">
                      {w.title}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {[w.hostOrganisation, w.venue, format.dateRange(w.startsOn, w.endsOn)].filter(Boolean).join(" · ")}
                    </Text>
                  </Stack>
                  <Group gap="xs">
                    <Badge variant="light" color={w.role === "owner" ? "indigo" : "gray"} data-testid="workshop-role">
                      {t(`team.role.${w.role}`)}
                    </Badge>
                    <WorkshopStatusBadge status={w.status} />
                    <Text size="sm">{t("workshops.participantCount", { count: w.participantCount })}</Text>
                    <Text size="sm" ff="monospace">
                      {t("workshops.code", { code: w.joinCode })}
                    </Text>
                  </Group>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
    </Container>
  );
}
