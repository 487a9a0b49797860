import { type ActionFunctionArgs, data, redirect } from "@remix-run/node";
import { languageSchema } from "../domain/schemas";
import { readForm } from "../utils/http";

/** Sets the interface language for this browser; a joined phone also remembers it for its participant. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const language = languageSchema.safeParse(form.get("language"));
  if (!language.success) return data({ ok: false }, { status: 400 });
  const workshopId = form.get("workshopId");
  if (typeof workshopId === "string" && workshopId.length <= 64) {
    const token = await context.sessions.participantToken(request.headers.get("Cookie"), workshopId);
    await context.services.participants.rememberLanguage(workshopId, token, language.data);
  }
  return data({ ok: true }, { headers: { "Set-Cookie": await context.sessions.languageCookie(language.data) } });
}

export const loader = () => redirect("/");
