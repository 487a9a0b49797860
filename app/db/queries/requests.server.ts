import { and, eq } from "drizzle-orm";
import type { Reader, Tx } from "../client.server";
import { first } from "../first.server";
import type { participantRequests } from "../schema";

type RequestKind = (typeof participantRequests.$inferInsert)["kind"];

/** A participant's earlier write with this client id (what it was, on what), if any. */
export async function seenRequest(tx: Reader, participantId: string, clientId: string) {
  const { participantRequests } = tx.tables;
  return first(
    tx
      .select({ kind: participantRequests.kind, targetId: participantRequests.targetId })
      .from(participantRequests)
      .where(and(eq(participantRequests.participantId, participantId), eq(participantRequests.clientId, clientId))),
  );
}

/** Keeps a write's client id, in the write's transaction, so a retry of it is recognised. */
export async function recordRequest(
  tx: Pick<Tx, "insert" | "tables">,
  request: { participantId: string; clientId: string; kind: RequestKind; targetId: string; now: number },
) {
  const { participantRequests } = tx.tables;
  const { now, ...rest } = request;
  await tx.insert(participantRequests).values({ ...rest, createdAt: now });
}
