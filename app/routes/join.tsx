import { Alert, Button, Container, Paper, Stack, TextInput, Title } from "@mantine/core";
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isWrongLengthForJoinCode } from "../domain/join-code";
import { pageTitle } from "../i18n/meta";
import { limitJoinLookups } from "../utils/join-limits.server";

/** A phone's page: only the Mantine stylesheets the phone uses (app/styles/mantine.ts). */
export const handle = { styles: "phone" };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "join.title" })];

/** `/join?code=…`: a GET form, so it works before any script has loaded on a slow phone. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const code = params.get("code");
  if (code === null) return { code: "", error: null };
  // Sent back here by /j/<code> for an unknown or ended workshop.
  const reason = params.get("reason");
  if (reason === "closed" || reason === "unknown") {
    return { code: code.slice(0, 20), error: { code: reason === "closed" ? "workshop_closed" : "not_found", message: "" } };
  }
  await limitJoinLookups(context);
  const found = await context.services.workshops.findForJoining(code);
  if (found.ok) throw redirect(`/j/${found.data.joinCode}`);
  if (found.error.code === "not_found") await context.limits.take("joinMiss", context.clientAddress);
  return { code: code.slice(0, 20), error: found.error };
}

export default function Join() {
  const { t } = useTranslation();
  const { code, error } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const message = !error
    ? null
    : error.code === "workshop_closed"
      ? t("join.closed")
      : isWrongLengthForJoinCode(code)
        ? t("validation.joinCode")
        : t("join.unknownCode");
  return (
    <Container size={420} py="xl">
      <Paper withBorder p="lg">
        <Form method="get">
          <Stack>
            <Title order={1} size="h2">
              {t("join.title")}
            </Title>
            {message ? (
              <Alert color="red" role="alert" data-testid="join-error">
                {message}
              </Alert>
            ) : null}
            <TextInput
              name="code"
              label={t("join.codeLabel")}
              description={t("join.codeHint")}
              defaultValue={code}
              required
              maxLength={20}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              size="lg"
              styles={{ input: { fontFamily: "monospace", letterSpacing: 4, textTransform: "uppercase" } }}
            />
            <Button type="submit" size="lg" loading={busy}>
              {t("join.submit")}
            </Button>
          </Stack>
        </Form>
      </Paper>
    </Container>
  );
}
