import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { events, workshops } from "../db/schema";
import type { NewWorkshopEvent, WorkshopEvent } from "../domain/workshop-state";
import { type Actor, actorLabel } from "./actor";

/** Anything that can run drizzle queries: the database or a transaction handle. */
type Tx = Pick<Db, "select" | "insert" | "update">;

/**
 * Appends an event to a workshop's log inside the caller's transaction. The workshop row's
 * `last_seq` is bumped in the same statement batch, so numbers never repeat or skip.
 */
export function appendEvent(tx: Tx, workshopId: string, actor: Actor, event: NewWorkshopEvent, at: number): WorkshopEvent {
  const [{ seq }] = tx
    .update(workshops)
    .set({ lastSeq: sql`${workshops.lastSeq} + 1` })
    .where(eq(workshops.id, workshopId))
    .returning({ seq: workshops.lastSeq })
    .all();
  tx.insert(events)
    .values({ workshopId, seq, type: event.type, payload: event.payload, actor: actorLabel(actor), createdAt: at })
    .run();
  return { ...event, seq, at } as WorkshopEvent;
}
