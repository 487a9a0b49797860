import type { AgendaStep, Timer } from "./agenda";
import type { ContributionView } from "./contributions";
import {
  absentHelices,
  countByHelix,
  countByRole,
  emptyHelixCounts,
  HELICES,
  type Helix,
  type HelixCounts,
  type Role,
} from "./helix";
import type { HelixPoints } from "./helix-metrics";
import type { Language } from "./languages";
import { anonymisedContribution, erasedParticipant } from "./privacy";
import type { RecommendationView } from "./recommendations";
import type { WorkshopSettings, WorkshopStatus } from "./schemas";

/**
 * The live state of a workshop as a screen sees it, and the events that change it. The server
 * stores events in an append-only log numbered by `seq`; every client applies them with
 * `applyEvent` — the same pure function the tests use.
 */
export type Audience = "facilitator" | "room";

export type LobbyParticipant = {
  id: string;
  displayName: string | null;
  helix: Helix;
  role: Role;
  organisation: string | null;
  country: string | null;
  joinedAt: number;
};

export type WorkshopView = {
  id: string;
  title: string;
  hostOrganisation: string;
  theme: string | null;
  venue: string | null;
  startsOn: string | null;
  endsOn: string | null;
  status: WorkshopStatus;
  joinCode: string;
  settings: WorkshopSettings;
};

/** What the settings dialog changes: everything of the workshop but its id, status and join code. */
export type WorkshopDetails = Omit<WorkshopView, "id" | "status" | "joinCode">;

export type WorkshopState = {
  seq: number;
  workshop: WorkshopView;
  participants: LobbyParticipant[];
  steps: AgendaStep[];
  currentStepId: string | null;
  /** Oldest first. The room's copy holds no hidden or withdrawn ones and no author ids. */
  contributions: ContributionView[];
  pinnedId: string | null;
  /** A past vote step whose results the facilitators put back on the projector (null: the current step). */
  shownResultsStepId: string | null;
  /**
   * Totals of the current vote step, by item and helix, when this audience may see them. Not in the
   * event log: they arrive coalesced as `TallyUpdate`s and in every snapshot and sync.
   */
  tallies: TallyState | null;
  /**
   * The action plan in the facilitators' order. Endorsement counts are not in the event log either:
   * they arrive coalesced (`applyEndorsements`) and in every snapshot and sync.
   */
  recommendations: RecommendationView[];
};

/** Endorsement counts per recommendation and helix, as the coalesced message and sync carry them. */
export type EndorsementCounts = Record<string, HelixCounts>;

/**
 * Applies endorsement counts. A message holds the whole workshop's counts, so a recommendation it
 * does not name has none (its last endorsement was taken back).
 */
export function applyEndorsements(state: WorkshopState, counts: EndorsementCounts): WorkshopState {
  const same = (a: HelixCounts, b: HelixCounts) => HELICES.every((h) => a[h] === b[h]);
  const next = state.recommendations.map((r) => {
    const endorsements = counts[r.id] ?? emptyHelixCounts();
    return same(r.endorsements, endorsements) ? r : { ...r, endorsements };
  });
  return next.some((r, i) => r !== state.recommendations[i]) ? { ...state, recommendations: next } : state;
}

/** Totals of one vote step, by item and helix, never who gave them. */
export type TallyState = {
  stepId: string;
  items: Record<string, HelixPoints>;
  /**
   * Who could vote, per helix: the room so far while the step is open, the electorate stored
   * with the step once the room moved on (a later joiner changes nothing).
   */
  electorate: HelixCounts;
  /** Who has voted (has points on the ballot), per helix: turnout is turnout / electorate. */
  turnout: HelixCounts;
  /**
   * The room's copy while results are hidden until revealed: who has voted, never the totals
   * (`items` is empty). Facilitators always get the totals.
   */
  hidden: boolean;
  /** Every vote acknowledged up to this number is counted. */
  upTo: number;
};

/** A coalesced tally message: only the items that changed, or `full` totals, or `cleared` (no vote any more). */
export type TallyUpdate =
  | {
      stepId: string;
      items: Record<string, HelixPoints>;
      electorate: HelixCounts;
      turnout: HelixCounts;
      hidden: boolean;
      upTo: number;
      full: boolean;
    }
  | { stepId: string; cleared: true };

/** Applies a tally message; a new step or a full update replaces, a partial one merges. */
export function applyTallies(state: WorkshopState, update: TallyUpdate): WorkshopState {
  if ("cleared" in update) return state.tallies?.stepId === update.stepId ? { ...state, tallies: null } : state;
  const { stepId, items, electorate, turnout, hidden, upTo, full } = update;
  const previous = state.tallies?.stepId === stepId && !full && !hidden ? state.tallies.items : {};
  if (state.tallies?.stepId === stepId && state.tallies.upTo > upTo) return state;
  return { ...state, tallies: { stepId, items: { ...previous, ...items }, electorate, turnout, hidden, upTo } };
}

export type WorkshopEventPayloads = {
  "participant.joined": { participant: LobbyParticipant };
  "participant.updated": { participant: LobbyParticipant };
  /** A facilitator removed a participant: they leave the room (their contributions change by their own events). */
  "participant.removed": { participantId: string };
  /**
   * Personal data erased (docs/privacy.md): of these participants, or of `everyone`. Their names,
   * organisations and countries go; the listed contributions lose their author link and name.
   */
  "participant.erased": { everyone: boolean; participantIds: string[]; contributionIds: string[] };
  "workshop.statusChanged": { status: WorkshopStatus };
  /** The projector's chime at a timer's end switched on or off. */
  "workshop.timerSoundChanged": { timerSound: boolean };
  /**
   * The facilitators changed the workshop's details or settings. `forgetNames`: only in the room's
   * stream of an anonymous workshop — names the room's screens hold from before are dropped.
   */
  "workshop.updated": { details: WorkshopDetails; forgetNames?: boolean };
  "agenda.changed": { steps: AgendaStep[] };
  "step.changed": { currentStepId: string | null };
  "timer.changed": { stepId: string; timer: Timer | null };
  "contribution.created": { contribution: ContributionView };
  "contribution.updated": { contribution: ContributionView };
  /** Only in the room's stream: a contribution the room may no longer see (hidden, withdrawn). */
  "contribution.removed": { id: string };
  /**
   * For the record (screens change nothing): hiding an item gave its points back to its voters, who
   * may spend them again. Facilitators only.
   */
  "votes.returned": { contributionId: string; points: number; voters: number };
  "contribution.merged": { sourceId: string; targetId: string; reparentedSolutionIds: string[]; repointedMergedIds: string[] };
  "display.pinned": { contributionId: string | null };
  /** The projector shows a past vote's results again (null: back to the current step). */
  "workshop.resultsShown": { stepId: string | null };
  /** A recommendation added or edited (its endorsement counts come coalesced, see applyEndorsements). */
  "recommendation.saved": { recommendation: RecommendationView };
  "recommendation.removed": { id: string };
  /** The facilitators' new order, as recommendation ids. */
  "recommendations.reordered": { order: string[] };
};
export type WorkshopEventType = keyof WorkshopEventPayloads;

export type WorkshopEvent = {
  [K in WorkshopEventType]: { seq: number; at: number; type: K; payload: WorkshopEventPayloads[K] };
}[WorkshopEventType];

export type NewWorkshopEvent = {
  [K in WorkshopEventType]: { type: K; payload: WorkshopEventPayloads[K] };
}[WorkshopEventType];

function upsertParticipant(list: LobbyParticipant[], participant: LobbyParticipant) {
  const index = list.findIndex((p) => p.id === participant.id);
  if (index === -1) return [...list, participant];
  const next = list.slice();
  next[index] = participant;
  return next;
}

function upsertContribution(list: ContributionView[], contribution: ContributionView) {
  const index = list.findIndex((c) => c.id === contribution.id);
  if (index === -1) return [...list, contribution].sort((a, b) => a.createdAt - b.createdAt);
  const next = list.slice();
  next[index] = contribution;
  return next;
}

/** Applies one event. Events at or below the state's `seq` were seen already and change nothing. */
export function applyEvent(state: WorkshopState, event: WorkshopEvent): WorkshopState {
  if (event.seq <= state.seq) return state;
  const base = { ...state, seq: event.seq };
  switch (event.type) {
    case "participant.joined":
    case "participant.updated":
      return { ...base, participants: upsertParticipant(state.participants, event.payload.participant) };
    case "participant.removed":
      return { ...base, participants: state.participants.filter((p) => p.id !== event.payload.participantId) };
    case "participant.erased": {
      const { everyone, participantIds, contributionIds } = event.payload;
      const people = new Set(participantIds);
      const items = new Set(contributionIds);
      return {
        ...base,
        participants: state.participants.map((p) => (everyone || people.has(p.id) ? erasedParticipant(p) : p)),
        contributions: state.contributions.map((c) =>
          items.has(c.id) || (everyone && (c.authorId || c.authorName)) ? anonymisedContribution(c) : c,
        ),
      };
    }
    case "workshop.statusChanged":
      return { ...base, workshop: { ...state.workshop, status: event.payload.status } };
    case "workshop.timerSoundChanged":
      return {
        ...base,
        workshop: { ...state.workshop, settings: { ...state.workshop.settings, timerSound: event.payload.timerSound } },
      };
    case "workshop.updated": {
      const next = { ...base, workshop: { ...state.workshop, ...event.payload.details } };
      if (!event.payload.forgetNames) return next;
      return {
        ...next,
        participants: state.participants.map((p) => participantForAudience(p, "room", next.workshop.settings)),
        contributions: state.contributions.map((c) => ({ ...c, authorName: null })),
      };
    }
    case "agenda.changed":
      return { ...base, steps: event.payload.steps };
    case "step.changed":
      return { ...base, currentStepId: event.payload.currentStepId };
    case "timer.changed": {
      const { stepId, timer } = event.payload;
      return { ...base, steps: state.steps.map((s) => (s.id === stepId ? { ...s, timer } : s)) };
    }
    case "contribution.created":
    case "contribution.updated":
      return { ...base, contributions: upsertContribution(state.contributions, event.payload.contribution) };
    case "contribution.removed":
      return {
        ...base,
        contributions: state.contributions.filter((c) => c.id !== event.payload.id),
        pinnedId: state.pinnedId === event.payload.id ? null : state.pinnedId,
      };
    case "contribution.merged": {
      const { sourceId, targetId, reparentedSolutionIds, repointedMergedIds } = event.payload;
      const reparented = new Set(reparentedSolutionIds);
      const repointed = new Set(repointedMergedIds);
      return {
        ...base,
        contributions: state.contributions.map((c) => {
          if (c.id === sourceId) return { ...c, status: "merged", mergedInto: targetId };
          if (reparented.has(c.id)) return { ...c, parentId: targetId };
          if (repointed.has(c.id)) return { ...c, mergedInto: targetId };
          return c;
        }),
        pinnedId: state.pinnedId === sourceId ? targetId : state.pinnedId,
      };
    }
    case "display.pinned":
      return { ...base, pinnedId: event.payload.contributionId };
    case "workshop.resultsShown":
      return { ...base, shownResultsStepId: event.payload.stepId };
    case "votes.returned":
      return base;
    case "recommendation.saved": {
      const saved = event.payload.recommendation;
      const existing = state.recommendations.find((r) => r.id === saved.id);
      const next = existing
        ? state.recommendations.map((r) => (r.id === saved.id ? { ...saved, endorsements: existing.endorsements } : r))
        : [...state.recommendations, saved];
      return { ...base, recommendations: next.sort((a, b) => a.position - b.position) };
    }
    case "recommendation.removed":
      return { ...base, recommendations: state.recommendations.filter((r) => r.id !== event.payload.id) };
    case "recommendations.reordered": {
      const position = new Map(event.payload.order.map((id, index) => [id, index]));
      return {
        ...base,
        recommendations: state.recommendations
          .map((r) => ({ ...r, position: position.get(r.id) ?? r.position }))
          .sort((a, b) => a.position - b.position),
      };
    }
    default:
      // An event type this client does not know yet: skip it, keep the sequence.
      return base;
  }
}

/**
 * Applies a batch received live or on catch-up. `gap` is true when an event is missing between
 * the state and the batch: the client must ask for a fresh snapshot instead.
 */
export function applyEvents(state: WorkshopState, events: readonly WorkshopEvent[]): { state: WorkshopState; gap: boolean } {
  let next = state;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (event.seq > next.seq + 1) return { state: next, gap: true };
    next = applyEvent(next, event);
  }
  return { state: next, gap: false };
}

/** What the room (display, phones) may see of a participant: nothing that identifies them when the workshop is anonymous. */
export function participantForAudience(
  participant: LobbyParticipant,
  audience: Audience,
  settings: WorkshopSettings,
): LobbyParticipant {
  if (audience === "facilitator" || settings.anonymity === "named") return participant;
  // Name, organisation and country together can point at one person in a small room.
  return { ...participant, displayName: null, organisation: null, country: null };
}

/**
 * Facilitators see every contribution but withdrawn ones; the room sees visible and merged ones,
 * without author ids, with names only in a named workshop.
 */
export function contributionForAudience(
  contribution: ContributionView,
  audience: Audience,
  settings: WorkshopSettings,
): ContributionView | null {
  // Withdrawn means taken back by its author: gone from every screen (the row stays for the record).
  if (contribution.status === "withdrawn") return null;
  if (audience === "facilitator") return contribution;
  if (contribution.status === "hidden") return null;
  return { ...contribution, authorId: null, authorName: settings.anonymity === "named" ? contribution.authorName : null };
}

export function eventForAudience(event: WorkshopEvent, audience: Audience, settings: WorkshopSettings): WorkshopEvent {
  switch (event.type) {
    case "participant.joined":
    case "participant.updated":
      return {
        ...event,
        payload: { participant: participantForAudience(event.payload.participant, audience, settings) },
      };
    case "contribution.created":
    case "contribution.updated": {
      const contribution = contributionForAudience(event.payload.contribution, audience, settings);
      if (contribution) return { ...event, payload: { contribution } };
      return { seq: event.seq, at: event.at, type: "contribution.removed", payload: { id: event.payload.contribution.id } };
    }
    case "participant.erased":
      // Which contributions were whose is the facilitators' to know, unless the room sees names anyway.
      if (audience === "facilitator" || settings.anonymity === "named") return event;
      return { ...event, payload: { ...event.payload, contributionIds: [] } };
    case "workshop.updated":
      return audience === "room" && settings.anonymity === "anonymous"
        ? { ...event, payload: { ...event.payload, forgetNames: true } }
        : event;
    case "votes.returned":
      // How many points a hidden item held is the facilitators' to know (results may be hidden):
      // the room keeps the sequence number with what it already knows, that the item is gone.
      if (audience === "facilitator") return event;
      return { seq: event.seq, at: event.at, type: "contribution.removed", payload: { id: event.payload.contributionId } };
    default:
      return event;
  }
}

export function stateForAudience(state: WorkshopState, audience: Audience): WorkshopState {
  const { settings } = state.workshop;
  const contributions = state.contributions.flatMap((c) => contributionForAudience(c, audience, settings) ?? []);
  return {
    ...state,
    participants: state.participants.map((p) => participantForAudience(p, audience, settings)),
    contributions,
    pinnedId: contributions.some((c) => c.id === state.pinnedId) ? state.pinnedId : null,
  };
}

export const currentStep = (state: Pick<WorkshopState, "steps" | "currentStepId">): AgendaStep | null =>
  state.steps.find((s) => s.id === state.currentStepId) ?? null;

/** Figures every lobby screen shows: counts per helix and role, and which expected helices are absent. */
export function lobbySummary(state: WorkshopState) {
  const byHelix = countByHelix(state.participants);
  return {
    total: state.participants.length,
    byHelix,
    byRole: countByRole(state.participants),
    absent: absentHelices(byHelix, state.workshop.settings.helices),
  };
}

export type ParticipantSelf = LobbyParticipant & { language: Language; locked: boolean };
