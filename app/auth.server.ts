import { type AppLoadContext, redirect } from "@remix-run/node";
import type { Actor } from "./services/actor";
import type { FacilitatorProfile } from "./services/facilitators.server";

/** The facilitator this request's session cookie stands for, or null. */
export async function getFacilitator(request: Request, context: AppLoadContext): Promise<FacilitatorProfile | null> {
  const id = await context.sessions.facilitatorId(request.headers.get("Cookie"));
  return id ? context.services.facilitators.get(id) : null;
}

/** For facilitator pages: sends anyone else to the login page and back here afterwards. */
export async function requireFacilitator(request: Request, context: AppLoadContext) {
  const facilitator = await getFacilitator(request, context);
  if (!facilitator) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const actor: Actor = { kind: "facilitator", facilitatorId: facilitator.id };
  return { facilitator, actor };
}
