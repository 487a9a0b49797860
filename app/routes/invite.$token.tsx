import { Alert, Anchor, Button, Container, Paper, Stack, Text, Title } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireFacilitator } from "../auth.server";
import { useErrorTextIn } from "../components/field-error";
import { pageTitle } from "../i18n/meta";
import { statusFor } from "../utils/http";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "team.title" })];

/**
 * An invitation link to a workshop's team. A facilitator who is not logged in logs in (or signs
 * up) and comes back here; the link is used only when they accept, not by opening it.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const result = await context.services.team.invitation(actor, params.token);
  if (!result.ok) return data({ invitation: null, error: result.error }, { status: statusFor(result.error) });
  return { invitation: result.data, error: null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const result = await context.services.team.accept(actor, params.token);
  if (!result.ok) return data({ error: result.error }, { status: statusFor(result.error) });
  throw redirect(`/workshops/${result.data.workshopId}`);
}

export default function Invitation() {
  const { t } = useTranslation();
  const errorText = useErrorTextIn("team");
  const { invitation, error: loadError } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>()?.error ?? loadError;
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={520} py="xl">
      <Paper withBorder p="lg">
        {error || !invitation ? (
          <Stack data-testid="invitation-broken">
            <Title order={1} size="h2">
              {t("team.invitePage.brokenTitle")}
            </Title>
            {error ? (
              <Alert color="red" role="alert">
                {errorText(error)}
              </Alert>
            ) : null}
            <Text>{t("team.invitePage.askOwner")}</Text>
            <Anchor component={Link} to="/workshops">
              {t("nav.myWorkshops")}
            </Anchor>
          </Stack>
        ) : invitation.alreadyOnTeam ? (
          <Stack>
            <Title order={1} size="h2">
              {invitation.workshopTitle}
            </Title>
            <Text>{t("team.invitePage.alreadyOnTeam")}</Text>
            <Button component={Link} to={`/workshops/${invitation.workshopId}`}>
              {t("team.invitePage.open")}
            </Button>
          </Stack>
        ) : (
          <Form method="post">
            <Stack data-testid="invitation">
              <Title order={1} size="h2">
                {t("team.invitePage.title", { title: invitation.workshopTitle })}
              </Title>
              <Text>{t("team.invitePage.body", { name: invitation.invitedBy })}</Text>
              <Button type="submit" loading={busy}>
                {t("team.invitePage.accept")}
              </Button>
            </Stack>
          </Form>
        )}
      </Paper>
    </Container>
  );
}
