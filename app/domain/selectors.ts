import { type AgendaStep, openChallengeIds } from "./agenda";
import { type Role, takesPartInDecisions } from "./helix";
import { canChangeProfile } from "./participant";
import { canEndorse, endorsementsOpen } from "./recommendations";
import type { WorkshopStatus } from "./schemas";
import { acceptedContribution, ballotKind, type ContributionKind } from "./step-kinds";
import type { Ballot } from "./sync";
import { ballotItems, type VoteSettings, voteSettingsOf } from "./voting";
import { currentStep, type WorkshopState } from "./workshop-state";

/**
 * The room's rules as questions every screen and every service asks: what may this participant do
 * now, which challenges take solutions, may the room see the results, which vote is on. The
 * services answer them on what they read in their transaction, the screens on their live state:
 * the same functions, so a screen never offers what the server refuses.
 */

type ContributionLike = { id: string; kind: string; status: string; mergedInto: string | null; createdAt: number };

/** What the rules need to know of the room: the workshop's status and the step it is in. */
export type Room = { status: WorkshopStatus; step: (Pick<AgendaStep, "kind"> & Partial<Pick<AgendaStep, "settings">>) | null };

export const roomOf = (state: WorkshopState): Room => ({ status: state.workshop.status, step: currentStep(state) });

/** What participants may submit now (null: nothing; a closed workshop takes nothing). */
export const submittableKind = (room: Room): ContributionKind | null =>
  room.status === "closed" ? null : acceptedContribution(room.step?.kind);

/** The challenges that take solutions now, in the order the phone offers them (empty outside collect-solutions). */
export function challengesOpenForSolutions(room: Room, contributions: readonly ContributionLike[]): string[] {
  if (submittableKind(room) !== "solution" || !room.step) return [];
  return openChallengeIds(room.step.settings?.openChallenges, contributions);
}

/** An author may change or withdraw their own contribution while it is visible and its step still takes its kind. */
export const canChangeContribution = (room: Room, item: { kind: ContributionKind; status: string }): boolean =>
  item.status === "visible" && submittableKind(room) === item.kind;

/** Whether this participant may vote now: a vote step of a workshop not ended, and a role that votes. */
export const canVoteNow = (room: Room, role: Role): boolean =>
  room.status !== "closed" && ballotKind(room.step?.kind) !== null && takesPartInDecisions(role);

export const canEndorseNow = (room: Room, role: Role): boolean =>
  endorsementsOpen(room.step?.kind, room.status) && canEndorse(role);

/** Whether the room (projector, phones) sees a vote's totals now. */
export const roomSeesResults = (settings: Pick<VoteSettings, "results" | "revealed">): boolean =>
  settings.results === "live" || settings.revealed;

/**
 * Whether a phone shows the vote's results above its ballot: results kept hidden and then revealed
 * are the news. Live results follow the ballot — voting is what the phone is for until then.
 */
export const resultsBeforeBallot = (settings: Pick<VoteSettings, "results" | "revealed">): boolean =>
  settings.results === "hidden" && settings.revealed;

export type ParticipantAbilities = {
  /** The kind of contribution the phone may submit now. */
  submit: ContributionKind | null;
  /** For solutions: the challenges that take them. */
  openChallengeIds: string[];
  vote: boolean;
  endorse: boolean;
  /** Whether they may still change who they speak for. */
  editProfile: boolean;
};

/**
 * Everything a participant may do now. `given` counts their contributions, votes and endorsements
 * (what locks their profile).
 */
export function participantAbilities(state: WorkshopState, me: { role: Role }, given: number): ParticipantAbilities {
  const room = roomOf(state);
  return {
    submit: submittableKind(room),
    openChallengeIds: challengesOpenForSolutions(room, state.contributions),
    vote: canVoteNow(room, me.role),
    endorse: canEndorseNow(room, me.role),
    editProfile: room.status !== "closed" && canChangeProfile(given),
  };
}

/**
 * The vote the room is in, as every screen needs it: its step, what it votes on, its rules, the
 * items on the ballot, and its totals when this screen may see them. Null outside vote steps.
 */
export const currentVote = (state: WorkshopState) => voteOfStep(state, currentStep(state));

/**
 * A vote step as the screens show it (see `currentVote`): the current one, or a past one whose
 * results are shown again (its totals, read by the server, are not the live `tallies`).
 */
export function voteOfStep(state: Pick<WorkshopState, "contributions" | "tallies">, step: AgendaStep | null) {
  const kind = ballotKind(step?.kind);
  if (!step || !kind) return null;
  const settings = voteSettingsOf(step);
  return {
    step,
    kind,
    settings,
    items: ballotItems(state.contributions, kind, settings),
    tallies: state.tallies?.stepId === step.id ? state.tallies : null,
  };
}

export { currentStep };

/**
 * A participant's ballot in a vote as their phone shows it: the points the server confirmed (the
 * whole budget left before it confirmed any), with the changes still waiting in the phone's outbox
 * laid over them, and what is then left. The phone's "+" and "−" ask `voteRefusal` of this ballot,
 * as the server asks it of what it has stored when the changes arrive, in order.
 */
export function ballotShown(
  vote: { step: { id: string }; settings: Pick<VoteSettings, "budget"> },
  confirmed: Ballot | null,
  queued: ReadonlyMap<string, number>,
): Ballot {
  const base =
    confirmed?.stepId === vote.step.id ? confirmed : { stepId: vote.step.id, points: {}, remaining: vote.settings.budget };
  if (queued.size === 0) return base;
  const points = { ...base.points };
  let remaining = base.remaining;
  for (const [id, given] of queued) {
    remaining -= given - (points[id] ?? 0);
    points[id] = given;
  }
  return { stepId: base.stepId, points, remaining: Math.max(0, remaining) };
}

/** The recommendations a participant endorses as their phone shows it: confirmed, with what waits to be sent. */
export function endorsedShown(confirmed: readonly string[], queued: ReadonlyMap<string, boolean>): string[] {
  const shown = confirmed.filter((id) => queued.get(id) !== false);
  for (const [id, endorsed] of queued) if (endorsed && !shown.includes(id)) shown.push(id);
  return shown;
}
