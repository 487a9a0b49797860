import { PasswordInput, TextInput } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFacilitator } from "../auth.server";
import { AuthCard } from "../components/auth-card";
import { useFieldErrors } from "../components/field-error";
import { limited, retryAfterHeaders } from "../config/rate-limits.server";
import { pageTitle } from "../i18n/meta";
import { readForm, safeRedirect, statusFor } from "../utils/http";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "nav.logIn" })];

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getFacilitator(request, context)) throw redirect("/workshops");
  return { signupOpen: context.signup === "open" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  // Limited on the action (whatever URL reached it): per address, and per account for wrong passwords.
  const fromHere = await context.limits.take("login", context.clientAddress);
  if (!fromHere.ok) return limited(fromHere.retryAfterSeconds);
  const account = String(form.get("email") ?? "")
    .trim()
    .toLowerCase()
    .slice(0, 254);
  if (account && (await context.limits.spent("loginAccount", account))) return limited(15 * 60);
  const result = await context.services.facilitators.logIn({ email: form.get("email"), password: form.get("password") });
  if (!result.ok) {
    if (account && result.error.code === "unauthenticated") await context.limits.take("loginAccount", account);
    return data({ error: result.error }, { status: statusFor(result.error) });
  }
  throw redirect(safeRedirect(form.get("redirectTo"), "/workshops"), {
    headers: { "Set-Cookie": await context.sessions.logIn(request, result.data.id) },
  });
}

export default function LogIn() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { signupOpen } = useLoaderData<typeof loader>();
  const fieldError = useFieldErrors(actionData?.error);
  return (
    <AuthCard
      title={t("auth.loginTitle")}
      submitLabel={t("auth.submitLogin")}
      errorText={
        actionData?.error?.code === "rate_limited"
          ? t("errors.rate_limited")
          : actionData?.error && !actionData.error.fields
            ? t("auth.invalidCredentials")
            : null
      }
      {...(signupOpen ? { switchText: t("auth.noAccount"), switchLabel: t("nav.signUp"), switchTo: "/signup" as const } : {})}
    >
      <TextInput name="email" type="email" label={t("auth.email")} autoComplete="email" required error={fieldError("email")} />
      <PasswordInput
        name="password"
        label={t("auth.password")}
        autoComplete="current-password"
        required
        error={fieldError("password")}
      />
    </AuthCard>
  );
}
