import type { z } from "zod";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import type { NewWorkshopEvent } from "../domain/workshop-state";
import type { Actor } from "./actor";
import type { ServiceDeps } from "./deps.server";
import { appendEvent } from "./event-log.server";
import type { createWorkshopService } from "./workshops.server";

export type Tx = Parameters<Parameters<ServiceDeps["db"]["transaction"]>[0]>[0];

/**
 * The shape of every facilitator command: AUTH (a facilitator of this workshop) → VALIDATION (the
 * command's zod schema) → one synchronous transaction that returns the data and the events to log
 * → publish after commit. A refusal at any stage changes nothing.
 */
export function facilitatorCommand(
  { db, publish, clock }: Pick<ServiceDeps, "db" | "publish" | "clock">,
  workshopService: ReturnType<typeof createWorkshopService>,
  messages: { forbidden: string /** When set, a closed workshop refuses the command with this message. */; closed?: string },
) {
  return function run<S extends z.ZodTypeAny, T>(
    actor: Actor,
    workshopId: string,
    schema: S,
    input: unknown,
    body: (tx: Tx, data: z.infer<S>, now: number) => Result<{ data: T; events: NewWorkshopEvent[] }>,
  ): Result<T> {
    const found = workshopService.managedWorkshop(actor, workshopId);
    if (!found.ok) return found.error.code === "forbidden" ? fail("forbidden", messages.forbidden) : found;
    if (messages.closed && found.data.status === "closed") return fail("workshop_closed", messages.closed);
    const parsed = schema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const now = clock();
    const outcome = db.transaction((tx) => {
      const result = body(tx, parsed.data, now);
      if (!result.ok) return result;
      return ok({ data: result.data.data, events: result.data.events.map((e) => appendEvent(tx, workshopId, actor, e, now)) });
    });
    if (!outcome.ok) return outcome;
    if (outcome.data.events.length) publish.events(workshopId, outcome.data.events);
    return ok(outcome.data.data);
  };
}
