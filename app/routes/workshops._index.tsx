import { Anchor, Badge, Button, Card, Container, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireFacilitator } from "../auth.server";
import { WorkshopStatusBadge } from "../components/status-badge";
import { type Result, refuse } from "../domain/result";
import { filterWorkshops, LIST_FILTERS, type ListFilter } from "../domain/workshop-life";
import { useFormat } from "../i18n/format";
import { pageTitle } from "../i18n/meta";
import { readForm, statusFor } from "../utils/http";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "workshops.myTitle" })];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const result = await context.services.workshops.listForFacilitator(actor);
  if (!result.ok) throw new Response(result.error.message, { status: 403 });
  const templates = await context.services.workshops.listTemplates(actor);
  const params = new URL(request.url).searchParams;
  const search = (params.get("q") ?? "").slice(0, 200);
  const show = (LIST_FILTERS as readonly string[]).includes(params.get("show") ?? "")
    ? (params.get("show") as ListFilter)
    : "active";
  return {
    workshops: filterWorkshops(result.data, search, show),
    total: result.data.length,
    search,
    show,
    templates: templates.ok ? templates.data.map(({ id, name }) => ({ id, name })) : [],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const form = await readForm(request);
  const answer = (result: Result<unknown>) =>
    result.ok ? { error: null } : data({ error: result.error }, { status: statusFor(result.error) });
  switch (form.get("intent")) {
    case "deleteTemplate":
      return answer(await context.services.workshops.deleteTemplate(actor, { templateId: form.get("templateId") }));
    default:
      return answer(refuse("validation", "unknownRequest", "Unknown request."));
  }
}

export default function MyWorkshops() {
  const { t } = useTranslation();
  const format = useFormat();
  const { workshops, total, search, show, templates } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  return (
    <Container size="md" py="lg">
      <Stack>
        <Group justify="space-between">
          <Title order={1}>{t("workshops.myTitle")}</Title>
          <Button component={Link} to="/workshops/new">
            {t("workshops.create")}
          </Button>
        </Group>
        {total > 0 ? (
          <Form method="get" role="search" onChange={(e) => submit(e.currentTarget, { replace: true })}>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput
                name="q"
                type="search"
                label={t("life.search")}
                defaultValue={search}
                style={{ flex: 1, minWidth: 240 }}
                maxLength={200}
              />
              <NativeSelect
                name="show"
                label={t("life.filter")}
                defaultValue={show}
                data={LIST_FILTERS.map((value) => ({ value, label: t(`life.filters.${value}`) }))}
              />
            </Group>
          </Form>
        ) : null}
        {workshops.length === 0 ? (
          <Card withBorder padding="xl" data-testid="workshops-empty">
            <Stack align="center" gap="xs">
              <Text fw={600}>{total === 0 ? t("workshops.empty") : t("life.noMatch")}</Text>
              <Text c="dimmed" ta="center">
                {total === 0 ? t("workshops.emptyHint") : t("life.noMatchHint")}
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
                    {w.archived ? (
                      <Badge color="gray" variant="outline">
                        {t("life.archived")}
                      </Badge>
                    ) : null}
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
        <Card withBorder data-testid="agenda-templates">
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t("life.templates")}
            </Title>
            {templates.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("life.templatesEmpty")}
              </Text>
            ) : (
              <Stack gap={4} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {templates.map((template) => (
                  <Group key={template.id} component="li" justify="space-between" wrap="nowrap">
                    <Text size="sm">{template.name}</Text>
                    <Form method="post">
                      <input type="hidden" name="intent" value="deleteTemplate" />
                      <input type="hidden" name="templateId" value={template.id} />
                      <Button
                        type="submit"
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`${t("life.deleteTemplate")}: ${template.name}`}
                      >
                        {t("life.deleteTemplate")}
                      </Button>
                    </Form>
                  </Group>
                ))}
              </Stack>
            )}
          </Stack>
        </Card>
      </Stack>
    </Container>
  );
}
