import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { readForm } from "../utils/http";

/** Ends this session (stored server-side, so a copied cookie stops working too), or every session. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const facilitatorId = await context.sessions.facilitatorId(request.headers.get("Cookie"));
  const cookie =
    form.get("everywhere") === "1" && facilitatorId
      ? await context.sessions.logOutEverywhere(request, facilitatorId)
      : await context.sessions.logOut(request);
  throw redirect("/", { headers: { "Set-Cookie": cookie } });
}

export const loader = () => redirect("/");
