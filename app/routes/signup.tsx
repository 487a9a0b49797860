import { Alert, Anchor, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFacilitator } from "../auth.server";
import { AuthCard } from "../components/auth-card";
import { useErrorText, useFieldErrors } from "../components/field-error";
import { limited, retryAfterHeaders } from "../config/rate-limits.server";
import { refuse } from "../domain/result";
import { LIMITS } from "../domain/schemas";
import { pageTitle } from "../i18n/meta";
import { readForm, safeRedirect, statusFor } from "../utils/http";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "nav.signUp" })];

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getFacilitator(request, context)) throw redirect("/workshops");
  // Closed (SIGNUP=closed): the page says so; accounts come from `npm run facilitator -- create`.
  return data({ open: context.signup === "open" }, { status: context.signup === "open" ? 200 : 403 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.signup !== "open")
    return data({ error: refuse("forbidden", "signupClosed", "Sign-up is closed on this server.").error }, { status: 403 });
  const form = await readForm(request);
  const allowed = await context.limits.take("signup", context.clientAddress);
  if (!allowed.ok) return limited(allowed.retryAfterSeconds);
  const result = await context.services.facilitators.signUp({
    name: form.get("name"),
    email: form.get("email"),
    password: form.get("password"),
  });
  if (!result.ok) return data({ error: result.error }, { status: statusFor(result.error) });
  throw redirect(safeRedirect(form.get("redirectTo"), "/workshops"), {
    headers: { "Set-Cookie": await context.sessions.logIn(request, result.data.id) },
  });
}

/** What /signup shows when accounts are created by the server's administrator only. */
function SignupClosed() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <Container size={460} py="xl">
      <Paper withBorder p="lg">
        <Stack data-testid="signup-closed">
          <Title order={1} size="h2">
            {t("account.signupClosedTitle")}
          </Title>
          <Alert color="gray">{t("account.signupClosed")}</Alert>
          <Text size="sm">
            {t("auth.haveAccount")}{" "}
            <Anchor component={Link} to={`/login${params.size ? `?${params}` : ""}`}>
              {t("nav.logIn")}
            </Anchor>
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}

export default function SignUp() {
  const { t } = useTranslation();
  const { open } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldError = useFieldErrors(actionData?.error);
  const errorText = useErrorText();
  if (!open) return <SignupClosed />;
  return (
    <AuthCard
      title={t("auth.signupTitle")}
      submitLabel={t("auth.submitSignup")}
      errorText={actionData?.error && !actionData.error.fields ? errorText(actionData.error) : null}
      switchText={t("auth.haveAccount")}
      switchLabel={t("nav.logIn")}
      switchTo="/login"
    >
      <TextInput
        name="name"
        label={t("auth.name")}
        autoComplete="name"
        required
        maxLength={LIMITS.name}
        error={fieldError("name")}
      />
      <TextInput name="email" type="email" label={t("auth.email")} autoComplete="email" required error={fieldError("email")} />
      <PasswordInput
        name="password"
        label={t("auth.password")}
        description={t("auth.passwordHint", { min: LIMITS.passwordMin })}
        autoComplete="new-password"
        required
        minLength={LIMITS.passwordMin}
        error={fieldError("password")}
      />
    </AuthCard>
  );
}
