import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFacilitator } from "../auth.server";
import { useFieldErrors } from "../components/field-error";
import { safeRedirect, statusFor } from "../utils/http";

export const meta: MetaFunction = () => [{ title: "Log in — Helix Review" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getFacilitator(request, context)) throw redirect("/workshops");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await context.services.facilitators.logIn({ email: form.get("email"), password: form.get("password") });
  if (!result.ok) return data({ error: result.error }, { status: statusFor(result.error) });
  throw redirect(safeRedirect(form.get("redirectTo"), "/workshops"), {
    headers: { "Set-Cookie": await context.sessions.logIn(request, result.data.id) },
  });
}

export default function LogIn() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const fieldError = useFieldErrors(actionData?.error);
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const error = actionData?.error;
  return (
    <Container size={460} py="xl">
      <Paper withBorder p="lg">
        <Form method="post">
          <Stack>
            <Title order={1} size="h2">
              {t("auth.loginTitle")}
            </Title>
            {error && error.code !== "validation" ? (
              <Alert color="red" role="alert">
                {error.message}
              </Alert>
            ) : null}
            <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
            <TextInput
              name="email"
              type="email"
              label={t("auth.email")}
              autoComplete="email"
              required
              error={fieldError("email")}
            />
            <PasswordInput
              name="password"
              label={t("auth.password")}
              autoComplete="current-password"
              required
              error={fieldError("password")}
            />
            <Button type="submit" loading={busy}>
              {t("auth.submitLogin")}
            </Button>
            <Text size="sm">
              {t("auth.noAccount")}{" "}
              <Anchor component={Link} to={`/signup${params.size ? `?${params}` : ""}`}>
                {t("nav.signUp")}
              </Anchor>
            </Text>
          </Stack>
        </Form>
      </Paper>
    </Container>
  );
}
