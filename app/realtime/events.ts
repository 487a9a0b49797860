import { z } from "zod";
import type { AgendaStep } from "../domain/agenda";
import type { ContributionView } from "../domain/contributions";
import type { RecommendationView } from "../domain/recommendations";
import type { AppError, Result } from "../domain/result";
import type { WorkshopStatus } from "../domain/schemas";
import type { VoteSettings } from "../domain/voting";
import type { EndorsementCounts, ParticipantSelf, TallyUpdate, WorkshopEvent } from "../domain/workshop-state";
import type { SyncResult } from "../services/room.server";
import type { VoteAck } from "../services/voting.server";

/**
 * The realtime protocol. Types describe it; zod validates it (the handshake here, payloads in the
 * services). Client → server messages are sent with `emitWithAck` and answered with a `Result`.
 */
export type Ack<T> = (result: Result<T>) => void;

/**
 * Every message a client may send, with what it answers. Who may send which is decided by the
 * services (participants contribute, facilitators run the agenda and moderate); payloads are
 * validated there with the domain's zod schemas.
 */
type Command<T = unknown> = (payload: unknown, ack: Ack<T>) => void;

export interface ClientToServerEvents {
  /** "I have applied everything up to `lastSeq`": answered with what was missed, or a snapshot. */
  "workshop:sync": (payload: { lastSeq: number }, ack: Ack<SyncResult>) => void;
  "workshop:setStatus": (payload: { status: WorkshopStatus }, ack: Ack<{ status: WorkshopStatus }>) => void;
  "participant:updateProfile": Command<ParticipantSelf>;
  "agenda:addStep": Command<{ steps: AgendaStep[] }>;
  "agenda:renameStep": Command<{ steps: AgendaStep[] }>;
  "agenda:moveStep": Command<{ steps: AgendaStep[] }>;
  "agenda:removeStep": Command<{ steps: AgendaStep[] }>;
  "agenda:goToStep": Command<{ steps: AgendaStep[] }>;
  "agenda:timer": Command<{ steps: AgendaStep[] }>;
  "agenda:setOpenChallenges": Command<{ steps: AgendaStep[] }>;
  "contribution:submit": Command<ContributionView>;
  "contribution:edit": Command<ContributionView>;
  "contribution:withdraw": Command<{ id: string }>;
  "moderation:hide": Command<ContributionView>;
  "moderation:unhide": Command<ContributionView>;
  "moderation:edit": Command<ContributionView>;
  "moderation:merge": Command<ContributionView>;
  "moderation:moveSolution": Command<ContributionView>;
  "moderation:pin": Command<{ contributionId: string | null }>;
  /** Participants: set the points they give one item in the current vote step. */
  "vote:set": Command<VoteAck>;
  /** Facilitators: budget, cap, live or hidden results, self-votes, ballot, support threshold. */
  "vote:settings": Command<VoteSettings>;
  "vote:reveal": Command<VoteSettings>;
  /** Facilitators: add (with a clientId) or edit (with a recommendationId) a recommendation. */
  "recommendation:save": Command<RecommendationView>;
  "recommendation:remove": Command<{ id: string }>;
  "recommendation:move": Command<{ order: string[] }>;
  /** Participants, in the recommendations step: endorse (or take back) one recommendation. */
  "recommendation:endorse": Command<{ recommendationId: string; endorsed: boolean }>;
}
export type ClientEvent = keyof ClientToServerEvents;

export const CLIENT_EVENTS = [
  "workshop:sync",
  "workshop:setStatus",
  "participant:updateProfile",
  "agenda:addStep",
  "agenda:renameStep",
  "agenda:moveStep",
  "agenda:removeStep",
  "agenda:goToStep",
  "agenda:timer",
  "agenda:setOpenChallenges",
  "contribution:submit",
  "contribution:edit",
  "contribution:withdraw",
  "moderation:hide",
  "moderation:unhide",
  "moderation:edit",
  "moderation:merge",
  "moderation:moveSolution",
  "moderation:pin",
  "vote:set",
  "vote:settings",
  "vote:reveal",
  "recommendation:save",
  "recommendation:remove",
  "recommendation:move",
  "recommendation:endorse",
] as const satisfies readonly ClientEvent[];

export interface ServerToClientEvents {
  /** One event of the workshop's log, already redacted for this socket's audience. */
  "workshop:event": (event: WorkshopEvent) => void;
  /** Coalesced vote totals of a vote step (at most one message per workshop every ~150 ms). */
  "workshop:tallies": (update: TallyUpdate) => void;
  /** Coalesced endorsement counts of every recommendation of the workshop, by helix. */
  "workshop:endorsements": (update: { counts: EndorsementCounts }) => void;
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
