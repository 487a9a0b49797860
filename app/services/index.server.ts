import type { Db } from "../db/client.server";
import { createAgendaService } from "./agenda.server";
import { createContributionService } from "./contributions.server";
import { type Clock, cryptoRandom, type Publish, type Random } from "./deps.server";
import { createFacilitatorService } from "./facilitators.server";
import { createModerationService } from "./moderation.server";
import { createParticipantService } from "./participants.server";
import { createRecommendationService } from "./recommendations.server";
import { createReportService } from "./reports.server";
import { createRoomService } from "./room.server";
import { createVotingService } from "./voting.server";
import { createWorkshopService } from "./workshops.server";

/** Builds every use case once, around one database. `server.ts` calls this; so do the tests. */
export function createServices(options: { db: Db; publish: Publish; clock?: Clock; random?: Random }) {
  const deps = {
    db: options.db,
    publish: options.publish,
    clock: options.clock ?? Date.now,
    random: options.random ?? cryptoRandom,
  };
  const workshops = createWorkshopService(deps);
  const voting = createVotingService(deps, workshops);
  const room = createRoomService(deps, workshops, voting);
  return {
    facilitators: createFacilitatorService(deps),
    workshops,
    room,
    participants: createParticipantService(deps, workshops, room),
    agenda: createAgendaService(deps, workshops),
    contributions: createContributionService(deps, workshops, voting.challengeScores),
    moderation: createModerationService(deps, workshops),
    voting,
    recommendations: createRecommendationService(deps, workshops),
    reports: createReportService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { Actor } from "./actor";
export type { Publish } from "./deps.server";
