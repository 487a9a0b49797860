import { and, eq } from "drizzle-orm";
import type { Reader, Tx } from "../client.server";
import { participantRequests } from "../schema";

type RequestKind = (typeof participantRequests.$inferInsert)["kind"];

/** A participant's earlier write with this client id (what it was, on what), if any. */
export function seenRequest(tx: Reader, participantId: string, clientId: string) {
  return tx
    .select({ kind: participantRequests.kind, targetId: participantRequests.targetId })
    .from(participantRequests)
    .where(and(eq(participantRequests.participantId, participantId), eq(participantRequests.clientId, clientId)))
    .get();
}

/** Keeps a write's client id, in the write's transaction, so a retry of it is recognised. */
export function recordRequest(
  tx: Pick<Tx, "insert">,
  request: { participantId: string; clientId: string; kind: RequestKind; targetId: string; now: number },
) {
  const { now, ...rest } = request;
  tx.insert(participantRequests)
    .values({ ...rest, createdAt: now })
    .run();
}
