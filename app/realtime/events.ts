import { z } from "zod";
import type { AppError, Result } from "../domain/result";
import type { WorkshopStatus } from "../domain/schemas";
import type { ParticipantSelf, WorkshopEvent } from "../domain/workshop-state";
import type { SyncResult } from "../services/room.server";

/**
 * The realtime protocol. Types describe it; zod validates it (the handshake here, payloads in the
 * services). Client → server messages are sent with `emitWithAck` and answered with a `Result`.
 */
export type Ack<T> = (result: Result<T>) => void;

export interface ClientToServerEvents {
  /** "I have applied everything up to `lastSeq`": answered with what was missed, or a snapshot. */
  "workshop:sync": (payload: { lastSeq: number }, ack: Ack<SyncResult>) => void;
  /** Facilitators only: open (live), reset to draft, or close the workshop. */
  "workshop:setStatus": (payload: { status: WorkshopStatus }, ack: Ack<{ status: WorkshopStatus }>) => void;
  /** Participants only: change name, helix, role… until their first contribution. */
  "participant:updateProfile": (payload: unknown, ack: Ack<ParticipantSelf>) => void;
}

export const CLIENT_EVENTS = ["workshop:sync", "workshop:setStatus", "participant:updateProfile"] as const;

export interface ServerToClientEvents {
  /** One event of the workshop's log, already redacted for this socket's audience. */
  "workshop:event": (event: WorkshopEvent) => void;
  /** This socket's credentials stopped being valid (display link replaced). It will be disconnected. */
  "session:revoked": (error: AppError) => void;
}

export const handshakeAuthSchema = z.discriminatedUnion("as", [
  z.object({ as: z.literal("participant"), workshopId: z.string().min(1).max(64) }),
  z.object({ as: z.literal("facilitator"), workshopId: z.string().min(1).max(64) }),
  z.object({ as: z.literal("display"), workshopId: z.string().min(1).max(64), displayToken: z.string().min(1).max(100) }),
]);
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** Rooms of a workshop: facilitators see everything; the room (phones, displays) sees redacted events. */
export const rooms = {
  facilitators: (workshopId: string) => `w:${workshopId}:facilitators`,
  room: (workshopId: string) => `w:${workshopId}:room`,
  displays: (workshopId: string) => `w:${workshopId}:displays`,
};
