import { PasswordInput, TextInput } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFacilitator } from "../auth.server";
import { AuthCard } from "../components/auth-card";
import { useErrorText, useFieldErrors } from "../components/field-error";
import { limited, retryAfterHeaders } from "../config/rate-limits.server";
import { LIMITS } from "../domain/schemas";
import { pageTitle } from "../i18n/meta";
import { readForm, safeRedirect, statusFor } from "../utils/http";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "nav.signUp" })];

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getFacilitator(request, context)) throw redirect("/workshops");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
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

export default function SignUp() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const fieldError = useFieldErrors(actionData?.error);
  const errorText = useErrorText();
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
