import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { StepSettings, Timer } from "../domain/agenda";
import type { ContributionStatus } from "../domain/contributions";
import type { Helix, HelixCounts, Role } from "../domain/helix";
import type { Language } from "../domain/languages";
import type { Priority } from "../domain/recommendations";
import type { WorkshopSettings, WorkshopStatus } from "../domain/schemas";
import type { StepKind } from "../domain/step-kinds";

/**
 * The PostgreSQL mirror of ./schema.ts (issue 15; docs/postgres.md): the same tables, columns, keys,
 * indexes, foreign keys and cascades, and the same JavaScript values, so that the same service code
 * reads the same rows from either database. Times are integer milliseconds since the epoch (bigint,
 * read as a JS number); small counters stay integer; the JSON text columns of SQLite are jsonb; the
 * two autoincrement ids are identity columns that accept copied ids (`npm run db:copy`).
 * tests/integration/pg-schema.test.ts fails on any difference from the SQLite schema.
 */

/** Integer milliseconds since the epoch, read as a JS number (exact up to 2^53). */
const ms = (name: string) => bigint(name, { mode: "number" });

export const facilitators = pgTable("facilitators", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: ms("created_at").notNull(),
});

/**
 * A facilitator's logged-in sessions, stored server-side so that logging out (or out everywhere)
 * ends them: the cookie holds a random token, the table its sha256. Expiry is enforced here.
 */
export const facilitatorSessions = pgTable(
  "facilitator_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    facilitatorId: text("facilitator_id")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    createdAt: ms("created_at").notNull(),
    lastSeenAt: ms("last_seen_at").notNull(),
  },
  (t) => [index("facilitator_sessions_facilitator_idx").on(t.facilitatorId)],
);

export const workshops = pgTable(
  "workshops",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    hostOrganisation: text("host_organisation").notNull(),
    theme: text("theme"),
    venue: text("venue"),
    startsOn: text("starts_on"),
    endsOn: text("ends_on"),
    joinCode: text("join_code").notNull(),
    displayToken: text("display_token").notNull(),
    status: text("status").$type<WorkshopStatus>().notNull().default("draft"),
    settings: jsonb("settings").$type<WorkshopSettings>().notNull(),
    /** The agenda step the room is in (null before the first step is opened). */
    currentStepId: text("current_step_id"),
    /** The contribution shown large on the projector. */
    pinnedContributionId: text("pinned_contribution_id"),
    /** The last event number handed out; bumped in the same transaction as the event row. */
    lastSeq: integer("last_seq").notNull().default(0),
    /** The last vote number acknowledged in the workshop. */
    voteSeq: integer("vote_seq").notNull().default(0),
    /** A past vote step whose results the facilitators show again (null: the current step's). */
    shownResultsStepId: text("shown_results_step_id"),
    /** When the workshop was last closed (retention counts from here); null while not closed. */
    closedAt: ms("closed_at"),
    /** Personal data of every participant is erased this many days after closing (null: kept). */
    retentionDays: integer("retention_days"),
    /** When the workshop's personal data was erased (by hand or by the retention setting). */
    personalDataErasedAt: ms("personal_data_erased_at"),
    /** Archived: hidden from the list, read-only, still exportable. */
    archivedAt: ms("archived_at"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("workshops_join_code_uq").on(t.joinCode),
    uniqueIndex("workshops_display_token_uq").on(t.displayToken),
    index("workshops_retention_idx").on(t.closedAt, t.personalDataErasedAt),
  ],
);

export const workshopFacilitators = pgTable(
  "workshop_facilitators",
  {
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    facilitatorId: text("facilitator_id")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    role: text("role").$type<"owner" | "co_facilitator">().notNull(),
    addedAt: ms("added_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workshopId, t.facilitatorId] }),
    index("workshop_facilitators_facilitator_idx").on(t.facilitatorId),
  ],
);

/**
 * Single-use invitations to a workshop's team: the owner copies the link (no e-mail server); the
 * link holds a random token, the table its sha256. Accepting makes the facilitator a co-facilitator.
 */
export const workshopInvitations = pgTable(
  "workshop_invitations",
  {
    tokenHash: text("token_hash").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    createdBy: text("created_by")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    /** Who accepted it, when (null until used; a used invitation never works again). */
    acceptedBy: text("accepted_by").references(() => facilitators.id, { onDelete: "set null" }),
    acceptedAt: ms("accepted_at"),
    /** Withdrawn by the owner before anyone used it. */
    revokedAt: ms("revoked_at"),
  },
  (t) => [index("workshop_invitations_workshop_idx").on(t.workshopId)],
);

/** A facilitator's own agenda templates: steps (kind, title, settings, day) to start a workshop from. */
export const agendaTemplates = pgTable(
  "agenda_templates",
  {
    id: text("id").primaryKey(),
    facilitatorId: text("facilitator_id")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    steps: jsonb("steps").$type<{ kind: StepKind; title: string | null; settings: StepSettings; day: number }[]>().notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("agenda_templates_facilitator_idx").on(t.facilitatorId, t.createdAt)],
);

export const participants = pgTable(
  "participants",
  {
    id: text("id").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    displayName: text("display_name"),
    helix: text("helix").$type<Helix>().notNull(),
    role: text("role").$type<Role>().notNull(),
    organisation: text("organisation"),
    country: text("country"),
    language: text("language").$type<Language>().notNull(),
    /** sha256 of the phone's secret token; the token itself lives only in the phone's cookie. */
    tokenHash: text("token_hash").notNull(),
    /** Idempotency key of the join form: a resubmitted form returns the same participant. */
    joinKey: text("join_key"),
    joinedAt: ms("joined_at").notNull(),
    lastSeenAt: ms("last_seen_at").notNull(),
    /** Removed by a facilitator: the token no longer works and the phone cannot rejoin with it. */
    removedAt: ms("removed_at"),
    /** Personal data (name, organisation, country, token) erased; helix and role kept. */
    erasedAt: ms("erased_at"),
  },
  (t) => [
    uniqueIndex("participants_token_uq").on(t.workshopId, t.tokenHash),
    uniqueIndex("participants_join_key_uq").on(t.workshopId, t.joinKey),
    index("participants_workshop_idx").on(t.workshopId, t.joinedAt),
  ],
);

export const agendaSteps = pgTable(
  "agenda_steps",
  {
    id: text("id").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind").$type<StepKind>().notNull(),
    title: text("title"),
    settings: jsonb("settings").$type<StepSettings>().notNull(),
    timer: jsonb("timer").$type<Timer | null>(),
    /** A vote step's electorate per helix, stored when the room moves on from it (null until then). */
    electorate: jsonb("electorate").$type<HelixCounts | null>(),
    /** The day of a multi-day workshop the step belongs to (1, 2, …). */
    day: integer("day").notNull().default(1),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("agenda_steps_workshop_idx").on(t.workshopId, t.position)],
);

export const contributions = pgTable(
  "contributions",
  {
    id: text("id").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"challenge" | "solution">().notNull(),
    /** For a solution: the challenge it answers. */
    parentId: text("parent_id"),
    title: text("title").notNull(),
    body: text("body"),
    origin: text("origin").$type<"participant" | "host">().notNull().default("participant"),
    /** The participant who wrote it (null for the host's own challenges). */
    authorId: text("author_id").references(() => participants.id, { onDelete: "set null" }),
    /** The facilitator who pre-loaded a host challenge. */
    authorFacilitatorId: text("author_facilitator_id").references(() => facilitators.id, { onDelete: "set null" }),
    /** The author's helix and role when they wrote it. */
    helix: text("helix").$type<Helix>(),
    role: text("role").$type<Role>(),
    status: text("status").$type<ContributionStatus>().notNull().default("visible"),
    mergedInto: text("merged_into"),
    /** The idempotency key the phone generated: a retry returns the same contribution. */
    clientId: text("client_id").notNull(),
    createdAt: ms("created_at").notNull(),
    editedAt: ms("edited_at"),
  },
  (t) => [
    uniqueIndex("contributions_client_uq").on(t.workshopId, t.clientId),
    index("contributions_workshop_idx").on(t.workshopId, t.kind),
    index("contributions_author_idx").on(t.authorId),
    index("contributions_parent_idx").on(t.parentId),
  ],
);

/** Every earlier wording of an edited contribution, with who changed it. */
export const contributionRevisions = pgTable(
  "contribution_revisions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    contributionId: text("contribution_id")
      .notNull()
      .references(() => contributions.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body"),
    /** Who replaced this wording: "participant:<id>" or "facilitator:<id>". */
    replacedBy: text("replaced_by").notNull(),
    replacedAt: ms("replaced_at").notNull(),
  },
  (t) => [index("contribution_revisions_contribution_idx").on(t.contributionId)],
);

/**
 * Dot votes: the points one participant gives one item in one vote step. Secret: only totals per
 * helix ever leave the server.
 */
export const votes = pgTable(
  "votes",
  {
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    stepId: text("step_id")
      .notNull()
      .references(() => agendaSteps.id, { onDelete: "cascade" }),
    participantId: text("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    contributionId: text("contribution_id")
      .notNull()
      .references(() => contributions.id, { onDelete: "cascade" }),
    points: integer("points").notNull(),
    /**
     * The voter's helix, copied so totals per helix need no join. Safe because a participant's
     * helix is fixed from their first vote or contribution on.
     */
    helix: text("helix").$type<Helix>().notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.stepId, t.participantId, t.contributionId] }),
    // An item's votes, for hiding and merging it (the totals are kept in `vote_totals`).
    index("votes_contribution_idx").on(t.contributionId),
  ],
);

/**
 * A vote step's totals, kept by the database as votes change (triggers on `votes`, migration
 * 0010; ADR 0015): the points per item and helix, so the live totals read a few rows instead of
 * grouping every vote of the step each time. Never written by the app; `votes` is the record.
 */
export const voteTotals = pgTable(
  "vote_totals",
  {
    stepId: text("step_id")
      .notNull()
      .references(() => agendaSteps.id, { onDelete: "cascade" }),
    contributionId: text("contribution_id")
      .notNull()
      .references(() => contributions.id, { onDelete: "cascade" }),
    helix: text("helix").$type<Helix>().notNull(),
    points: integer("points").notNull(),
  },
  (t) => [primaryKey({ columns: [t.stepId, t.contributionId, t.helix] })],
);

/**
 * How many items each participant has points on in a vote step (kept by the same triggers): the
 * first item counts them in the turnout, the last one taken back counts them out. Its row lock
 * orders two transactions changing one participant's votes at once (PostgreSQL).
 */
export const voteBallots = pgTable(
  "vote_ballots",
  {
    stepId: text("step_id")
      .notNull()
      .references(() => agendaSteps.id, { onDelete: "cascade" }),
    participantId: text("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    helix: text("helix").$type<Helix>().notNull(),
    items: integer("items").notNull(),
  },
  (t) => [primaryKey({ columns: [t.stepId, t.participantId] })],
);

/** Voters per helix in a vote step (kept by the same triggers): the turnout the screens show. */
export const voteTurnout = pgTable(
  "vote_turnout",
  {
    stepId: text("step_id")
      .notNull()
      .references(() => agendaSteps.id, { onDelete: "cascade" }),
    helix: text("helix").$type<Helix>().notNull(),
    voters: integer("voters").notNull(),
  },
  (t) => [primaryKey({ columns: [t.stepId, t.helix] })],
);

/** Idempotency keys of vote changes: a retried change is answered, not applied twice. */
export const voteRequests = pgTable(
  "vote_requests",
  {
    participantId: text("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    contributionId: text("contribution_id").notNull(),
    /** The vote step it was cast in (null for keys kept before it was recorded). */
    stepId: text("step_id"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.clientId] })],
);

/**
 * Idempotency keys of a participant's other queued writes (an edit of their own contribution, an
 * endorsement): the phone's outbox may send one again after its answer was lost; the service finds
 * the key and answers as the first time instead of applying it again over what happened since.
 */
export const participantRequests = pgTable(
  "participant_requests",
  {
    participantId: text("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    /** What the key was used for, and on what: a key is answered only for the same write. */
    kind: text("kind").$type<"contribution.edit" | "recommendation.endorse" | "recommendation.unendorse">().notNull(),
    targetId: text("target_id").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.clientId] })],
);

/**
 * Recommendations of the action plan, drafted by the facilitators. `client_id` makes a retried
 * "add" harmless; `position` is the facilitators' order.
 */
export const recommendations = pgTable(
  "recommendations",
  {
    id: text("id").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    ownerKind: text("owner_kind").$type<"helix" | "organisation">().notNull(),
    /** A helix id when `owner_kind` is "helix", else the organisation's name. */
    owner: text("owner").notNull(),
    /** YYYY-MM-DD. */
    deadline: text("deadline"),
    priority: text("priority").$type<Priority>().notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => facilitators.id),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("recommendations_client_uq").on(t.workshopId, t.clientId),
    index("recommendations_workshop_idx").on(t.workshopId, t.position),
  ],
);

/** The contributions a recommendation was drafted from, in the facilitator's order. */
export const recommendationLinks = pgTable(
  "recommendation_links",
  {
    recommendationId: text("recommendation_id")
      .notNull()
      .references(() => recommendations.id, { onDelete: "cascade" }),
    contributionId: text("contribution_id")
      .notNull()
      .references(() => contributions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recommendationId, t.contributionId] })],
);

/**
 * A participant's endorsement of a recommendation, with their helix (fixed from then on). Secret
 * like votes: only counts per helix leave the server.
 */
export const endorsements = pgTable(
  "endorsements",
  {
    recommendationId: text("recommendation_id")
      .notNull()
      .references(() => recommendations.id, { onDelete: "cascade" }),
    participantId: text("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    helix: text("helix").$type<Helix>().notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.recommendationId, t.participantId] }),
    index("endorsements_workshop_idx").on(t.workshopId, t.recommendationId, t.helix),
    index("endorsements_participant_idx").on(t.participantId),
  ],
);

/**
 * Rapporteur notes: the facilitators' markdown per agenda step or per challenge, autosaved, seen by
 * facilitators only during the day and printed in the report beside the results.
 */
export const notes = pgTable(
  "notes",
  {
    id: text("id").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    /** What the note is about: "step:<agenda step id>" or "challenge:<contribution id>". */
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** Increases with every save: a save based on an older version is told it conflicts. */
    version: integer("version").notNull().default(1),
    updatedBy: text("updated_by").references(() => facilitators.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [uniqueIndex("notes_subject_uq").on(t.workshopId, t.subject)],
);

export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull(),
    /** Who caused it, for the audit trail: "facilitator:<id>", "participant:<id>", "system". */
    actor: text("actor").notNull(),
    createdAt: ms("created_at").notNull().default(sql`(extract(epoch from now()) * 1000)::bigint`),
  },
  (t) => [uniqueIndex("events_workshop_seq_uq").on(t.workshopId, t.seq)],
);
