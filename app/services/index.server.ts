import type { Db } from "../db/client.server";
import { createAgendaService } from "./agenda.server";
import { createCommandRunner } from "./command.server";
import { createContributionService } from "./contributions.server";
import { type Clock, cryptoRandom, type Publish, type Random } from "./deps.server";
import { createFacilitatorService } from "./facilitators.server";
import { createModerationService } from "./moderation.server";
import { createNoteService } from "./notes.server";
import { createParticipantService } from "./participants.server";
import { createPrivacyService } from "./privacy.server";
import { createRecommendationService } from "./recommendations.server";
import { createReportService } from "./reports.server";
import { createRoomService } from "./room.server";
import { createTeamService } from "./team.server";
import { createVoteCasting } from "./voting/cast.server";
import { createPastResults } from "./voting/past-results.server";
import { createVoteResults } from "./voting/results.server";
import { createVoteSettings } from "./voting/settings.server";
import { createWorkshopLifeService } from "./workshop-life.server";
import { createWorkshopService } from "./workshops.server";

/** Builds every use case once, around one database. `server.ts` calls this; so do the tests. */
export function createServices(options: { db: Db; publish: Publish; clock?: Clock; random?: Random; secret?: string }) {
  const random = options.random ?? cryptoRandom;
  const deps = {
    db: options.db,
    publish: options.publish,
    clock: options.clock ?? Date.now,
    random,
    // Scripts and tests without a configured secret get one for this process.
    secret: options.secret ?? random.token(32),
  };
  const run = createCommandRunner(deps);
  const workshops = { ...createWorkshopService(deps, run), ...createWorkshopLifeService(deps, run) };
  const casting = createVoteCasting(deps);
  const results = createVoteResults(deps, casting.allocationsOf);
  const voting = { ...casting, ...createVoteSettings(run), ...results, ...createPastResults(deps, run) };
  const room = createRoomService(deps, workshops, results);
  return {
    facilitators: createFacilitatorService(deps),
    workshops,
    room,
    participants: createParticipantService(deps, run, workshops, room),
    agenda: createAgendaService(deps, run, (workshopId) => results.lastVoteRanking(workshopId, "challenge")),
    contributions: createContributionService(deps, run),
    moderation: createModerationService(deps, run),
    voting,
    recommendations: createRecommendationService(deps, run),
    reports: createReportService(deps, results.votesHeld),
    privacy: createPrivacyService(deps, run),
    notes: createNoteService(deps, run),
    team: createTeamService(deps, run),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { Actor } from "./actor";
export type { Publish } from "./deps.server";
