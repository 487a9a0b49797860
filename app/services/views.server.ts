import type { Participant, Workshop } from "../db/schema";
import type { LobbyParticipant, WorkshopView } from "../domain/workshop-state";

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
    settings: row.settings,
  };
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
