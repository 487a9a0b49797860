import { z } from "zod";
import type { AgendaStep } from "../domain/agenda";
import {
  addStepSchema,
  type ContributionView,
  contributionRefSchema,
  editContributionSchema,
  editOwnContributionSchema,
  mergeContributionsSchema,
  moveSolutionSchema,
  moveStepSchema,
  pinContributionSchema,
  renameStepSchema,
  setOpenChallengesSchema,
  setStepDaySchema,
  stepRefSchema,
  submitContributionSchema,
  timerCommandSchema,
} from "../domain/contributions";
import { type NoteSaveAnswer, type NoteView, saveNoteSchema } from "../domain/notes";
import { showResultsSchema } from "../domain/past-results";
import {
  endorseSchema,
  moveRecommendationSchema,
  type RecommendationView,
  recommendationRefSchema,
  saveRecommendationSchema,
} from "../domain/recommendations";
import type { ContributionRevision } from "../domain/report";
import type { AppError, Result } from "../domain/result";
import { participantProfileSchema, setWorkshopStatusSchema, syncSchema, type WorkshopStatus } from "../domain/schemas";
import type { SyncResult } from "../domain/sync";
import { revealSchema, setVoteSchema, type VoteAck, type VoteSettings, voteSettingsInputSchema } from "../domain/voting";
import type { EndorsementCounts, ParticipantSelf, TallyUpdate, WorkshopEvent } from "../domain/workshop-state";

/**
 * The realtime protocol, shared by the browser and the server. Client → server messages are sent
 * with `emitWithAck` and answered with a `Result`: each has the zod schema of its payload (the
 * domain's, which the service that answers it parses again — services are called from HTTP
 * routes too and never trust their input) and the type of what it answers on success. Server →
 * client messages carry data the server built, so they are typed only.
 *
 * Only the domain is imported here: the browser bundles this module.
 */

/** Every message a client may send. */
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
  "agenda:setStepDay",
  "contribution:submit",
  "contribution:edit",
  "contribution:withdraw",
  "moderation:hide",
  "moderation:unhide",
  "moderation:edit",
  "moderation:merge",
  "moderation:moveSolution",
  "moderation:pin",
  "moderation:hideImpact",
  "vote:set",
  "vote:settings",
  "vote:reveal",
  "vote:showResults",
  "recommendation:save",
  "recommendation:remove",
  "recommendation:move",
  "recommendation:endorse",
  "note:save",
  "moderation:history",
] as const;
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

/** One client message: the schema of its payload and, as a type only, what it answers on success. */
export type Command<S extends z.ZodTypeAny = z.ZodTypeAny, A = unknown> = {
  readonly payload: S;
  /** Never set: carries the answer's type (see `answers`). */
  readonly ack?: A;
};

/** `command(schema).answers<T>()`: a message whose payload `schema` parses and which answers `T`. */
const command = <S extends z.ZodTypeAny>(payload: S) => ({
  answers: <A>(): Command<S, A> => ({ payload }),
});

type Steps = { steps: AgendaStep[] };

/**
 * Who may send which message is decided by the services (participants contribute, vote and
 * endorse; facilitators run the agenda, moderate and draft recommendations), not here.
 */
export const clientCommands = {
  /** "I have applied everything up to `lastSeq`": answered with what was missed, or a snapshot. */
  "workshop:sync": command(syncSchema).answers<SyncResult>(),
  "workshop:setStatus": command(setWorkshopStatusSchema).answers<{ status: WorkshopStatus }>(),
  "participant:updateProfile": command(participantProfileSchema).answers<ParticipantSelf>(),
  "agenda:addStep": command(addStepSchema).answers<Steps>(),
  "agenda:renameStep": command(renameStepSchema).answers<Steps>(),
  "agenda:moveStep": command(moveStepSchema).answers<Steps>(),
  "agenda:removeStep": command(stepRefSchema).answers<Steps>(),
  "agenda:goToStep": command(stepRefSchema).answers<Steps>(),
  "agenda:timer": command(timerCommandSchema).answers<Steps>(),
  "agenda:setOpenChallenges": command(setOpenChallengesSchema).answers<Steps>(),
  /** Facilitators: move a step to another day of a multi-day workshop. */
  "agenda:setStepDay": command(setStepDaySchema).answers<Steps>(),
  "contribution:submit": command(submitContributionSchema).answers<ContributionView>(),
  "contribution:edit": command(editOwnContributionSchema).answers<ContributionView>(),
  "contribution:withdraw": command(contributionRefSchema).answers<{ id: string }>(),
  "moderation:hide": command(contributionRefSchema).answers<ContributionView>(),
  "moderation:unhide": command(contributionRefSchema).answers<ContributionView>(),
  "moderation:edit": command(editContributionSchema).answers<ContributionView>(),
  "moderation:merge": command(mergeContributionsSchema).answers<ContributionView>(),
  "moderation:moveSolution": command(moveSolutionSchema).answers<ContributionView>(),
  "moderation:pin": command(pinContributionSchema).answers<{ contributionId: string | null }>(),
  /** Facilitators, before hiding: the points hiding would give back, and to how many voters. */
  "moderation:hideImpact": command(contributionRefSchema).answers<{ points: number; voters: number }>(),
  /** Participants: set the points they give one item in the current vote step. */
  "vote:set": command(setVoteSchema).answers<VoteAck>(),
  /** Facilitators: budget, cap, live or hidden results, self-votes, ballot, support threshold. */
  "vote:settings": command(voteSettingsInputSchema).answers<VoteSettings>(),
  "vote:reveal": command(revealSchema).answers<VoteSettings>(),
  /** Facilitators: a held vote's results on the projector again (`stepId: null`: back to the current step). */
  "vote:showResults": command(showResultsSchema).answers<{ stepId: string | null }>(),
  /** Facilitators: add (with a clientId) or edit (with a recommendationId) a recommendation. */
  "recommendation:save": command(saveRecommendationSchema).answers<RecommendationView>(),
  "recommendation:remove": command(recommendationRefSchema).answers<{ id: string }>(),
  "recommendation:move": command(moveRecommendationSchema).answers<{ order: string[] }>(),
  /** Participants, in the recommendations step: endorse (or take back) one recommendation. */
  "recommendation:endorse": command(endorseSchema).answers<{ recommendationId: string; endorsed: boolean }>(),
  /** Facilitators: save a rapporteur note (answered with a conflict when someone saved meanwhile). */
  "note:save": command(saveNoteSchema).answers<NoteSaveAnswer>(),
  /** Facilitators: a contribution's earlier wordings, who replaced each and when. */
  "moderation:history": command(contributionRefSchema).answers<{ revisions: ContributionRevision[] }>(),
} satisfies { [E in ClientEvent]: Command };

type Commands = typeof clientCommands;
/** What a client sends with `event`: the input of its schema (before defaults and trimming). */
export type PayloadOf<E extends ClientEvent> = z.input<Commands[E]["payload"]>;
/** What the server answers to `event` on success. */
export type AckOf<E extends ClientEvent> = Exclude<Commands[E]["ack"], undefined>;
export type AckResult<E extends ClientEvent> = Result<AckOf<E>>;
export type Ack<T> = (result: Result<T>) => void;

/**
 * How a client sends a message: a payload fit for `event`, answered with what `event` answers.
 * `Send<"vote:set">` is a sender limited to some messages (what a component may send).
 */
export type Send<Allowed extends ClientEvent = ClientEvent> = <E extends Allowed>(
  event: E,
  payload: PayloadOf<E>,
) => Promise<AckResult<E>>;

export type ClientToServerEvents = { [E in ClientEvent]: (payload: PayloadOf<E>, ack: Ack<AckOf<E>>) => void };

/** Every message the server sends, with what it carries. */
export type ServerPayloads = {
  /** One event of the workshop's log, already redacted for this socket's audience. */
  "workshop:event": WorkshopEvent;
  /** Coalesced vote totals of a vote step (at most one message per workshop every ~150 ms). */
  "workshop:tallies": TallyUpdate;
  /** Coalesced endorsement counts of every recommendation of the workshop, by helix. */
  "workshop:endorsements": { counts: EndorsementCounts };
  /** A rapporteur note just saved: sent to the facilitators' room only, never to phones or displays. */
  "workshop:note": NoteView;
  /** This socket's credentials stopped being valid (display link replaced, workshop deleted). It will be disconnected. */
  "session:revoked": AppError;
};
export type ServerEvent = keyof ServerPayloads;
export type ServerToClientEvents = { [E in ServerEvent]: (payload: ServerPayloads[E]) => void };

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
  /** Every socket of one participant (dropped when a facilitator removes them). */
  participant: (workshopId: string, participantId: string) => `w:${workshopId}:p:${participantId}`,
  /** Every participant's socket in the workshop (dropped when its personal data is erased). */
  participants: (workshopId: string) => `w:${workshopId}:participants`,
  /** One of the slices of a workshop's phones a message to all of them is written in, a turn at a time. */
  phoneSlice: (workshopId: string, slice: number) => `w:${workshopId}:participants:${slice}`,
};
