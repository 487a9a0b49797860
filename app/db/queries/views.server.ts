import type { AgendaStep } from "../../domain/agenda";
import type { ContributionView } from "../../domain/contributions";
import { settingsWithDefaults } from "../../domain/schemas";
import type { LobbyParticipant, WorkshopDetails, WorkshopView } from "../../domain/workshop-state";
import type { AgendaStepRow, Contribution, Participant, Workshop } from "../schema";

/** Row → the shapes screens and events carry. Secrets (display token, token hashes) never leave here. */
export function workshopView(row: Workshop): WorkshopView {
  return {
    id: row.id,
    title: row.title,
    hostOrganisation: row.hostOrganisation,
    theme: row.theme,
    venue: row.venue,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    status: row.status,
    joinCode: row.joinCode,
    settings: settingsWithDefaults(row.settings),
  };
}

/** What a `workshop.updated` event carries: the workshop as the screens show it, less what never changes. */
export function workshopDetails(row: Workshop): WorkshopDetails {
  const { id: _id, status: _status, joinCode: _joinCode, ...details } = workshopView(row);
  return details;
}

export function lobbyParticipant(row: Participant): LobbyParticipant {
  return {
    id: row.id,
    displayName: row.displayName,
    helix: row.helix,
    role: row.role,
    organisation: row.organisation,
    country: row.country,
    joinedAt: row.joinedAt,
  };
}

export function agendaStepView(row: AgendaStepRow): AgendaStep {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    settings: row.settings,
    timer: row.timer ?? null,
    electorate: row.electorate ?? null,
    day: row.day ?? 1,
  };
}

/** A contribution as facilitators see it; `authorName` is the author's display name, if any. */
export function contributionView(row: Contribution, authorName: string | null): ContributionView {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parentId,
    title: row.title,
    body: row.body,
    status: row.status,
    mergedInto: row.mergedInto,
    origin: row.origin,
    helix: row.helix,
    role: row.role,
    authorName,
    authorId: row.authorId,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
  };
}
