import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireFacilitator } from "../auth.server";
import { useErrorTextIn, useFieldErrors } from "../components/field-error";
import { limited } from "../config/rate-limits.server";
import { LIMITS } from "../domain/schemas";
import { pageTitle } from "../i18n/meta";
import { readForm, statusFor } from "../utils/http";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "account.title" })];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { facilitator } = await requireFacilitator(request, context);
  return { name: facilitator.name, email: facilitator.email };
}

/** A new password, given with the current one: every other session of this facilitator ends. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { facilitator } = await requireFacilitator(request, context);
  // Wrong current passwords spend the same budget as wrong logins on this account.
  if (await context.limits.spent("loginAccount", facilitator.email)) return limited(15 * 60);
  const form = await readForm(request);
  const result = await context.sessions.changePassword(request, facilitator.id, {
    currentPassword: form.get("currentPassword"),
    newPassword: form.get("newPassword"),
  });
  if (!result.ok) {
    if (result.error.reason?.key === "wrongCurrentPassword") await context.limits.take("loginAccount", facilitator.email);
    return data({ error: result.error, changed: false }, { status: statusFor(result.error) });
  }
  return { error: null, changed: true };
}

export default function Account() {
  const { t } = useTranslation();
  const { name, email } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const error = answer?.error ?? null;
  const changed = Boolean(answer && "changed" in answer && answer.changed);
  const fieldError = useFieldErrors(error);
  const errorText = useErrorTextIn("account");
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={520} py="xl">
      <Stack>
        <Title order={1}>{t("account.title")}</Title>
        <Text>{t("account.signedInAs", { name, email })}</Text>
        <Paper withBorder p="lg">
          {/* A new form after a change: the fields are emptied. */}
          <Form method="post" key={changed ? "changed" : "form"}>
            <Stack>
              <Title order={2} size="h3">
                {t("account.changePassword")}
              </Title>
              <Text size="sm" c="dimmed">
                {t("account.othersEnd")}
              </Text>
              {changed ? (
                <Alert color="green" role="status" data-testid="password-changed">
                  {t("account.changed")}
                </Alert>
              ) : null}
              {/* A wrong current password too: an input's own error text is under WCAG AA contrast. */}
              {error && !error.fields ? (
                <Alert color="red" role="alert">
                  {errorText(error)}
                </Alert>
              ) : null}
              <PasswordInput
                name="currentPassword"
                label={t("account.currentPassword")}
                autoComplete="current-password"
                required
                error={fieldError("currentPassword")}
              />
              <PasswordInput
                name="newPassword"
                label={t("account.newPassword")}
                description={t("auth.passwordHint", { min: LIMITS.passwordMin })}
                autoComplete="new-password"
                required
                minLength={LIMITS.passwordMin}
                error={fieldError("newPassword")}
              />
              <Button type="submit" loading={busy}>
                {t("account.submit")}
              </Button>
            </Stack>
          </Form>
        </Paper>
      </Stack>
    </Container>
  );
}
