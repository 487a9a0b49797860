import { type ActionFunctionArgs, redirect } from "@remix-run/node";

export async function action({ request, context }: ActionFunctionArgs) {
  throw redirect("/", { headers: { "Set-Cookie": await context.sessions.logOut(request) } });
}

export const loader = () => redirect("/");
