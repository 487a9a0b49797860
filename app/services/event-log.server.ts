import { eq, sql } from "drizzle-orm";
import type { Tx } from "../db/client.server";
import type { NewWorkshopEvent, WorkshopEvent } from "../domain/workshop-state";
import { type Actor, actorLabel } from "./actor";

/**
 * Appends an event to a workshop's log inside the caller's transaction. The workshop row's
 * `last_seq` is bumped in the same statement batch, so numbers never repeat or skip.
 */
export async function appendEvent(
  tx: Tx,
  workshopId: string,
  actor: Actor,
  event: NewWorkshopEvent,
  at: number,
): Promise<WorkshopEvent> {
  const { events, workshops } = tx.tables;
  const [{ seq }] = await tx
    .update(workshops)
    .set({ lastSeq: sql`${workshops.lastSeq} + 1` })
    .where(eq(workshops.id, workshopId))
    .returning({ seq: workshops.lastSeq });
  await tx
    .insert(events)
    .values({ workshopId, seq, type: event.type, payload: event.payload, actor: actorLabel(actor), createdAt: at });
  return { ...event, seq, at } as WorkshopEvent;
}
