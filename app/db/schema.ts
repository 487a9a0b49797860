import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { StepSettings, Timer } from "../domain/agenda";
import type { ContributionStatus } from "../domain/contributions";
import type { Helix, HelixCounts, Role } from "../domain/helix";
import type { Language } from "../domain/languages";
import type { Priority } from "../domain/recommendations";
import type { WorkshopSettings, WorkshopStatus } from "../domain/schemas";
import type { StepKind } from "../domain/step-kinds";

/** Times are stored as integer milliseconds since the epoch; ids are random UUIDs. */

export const facilitators = sqliteTable("facilitators", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
});
export type Facilitator = typeof facilitators.$inferSelect;

/**
 * A facilitator's logged-in sessions, stored server-side so that logging out (or out everywhere)
 * ends them: the cookie holds a random token, the table its sha256. Expiry is enforced here.
 */
export const facilitatorSessions = sqliteTable(
  "facilitator_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    facilitatorId: text("facilitator_id")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [index("facilitator_sessions_facilitator_idx").on(t.facilitatorId)],
);

export const workshops = sqliteTable(
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
    settings: text("settings", { mode: "json" }).$type<WorkshopSettings>().notNull(),
    /** The agenda step the room is in (null before the first step is opened). */
    currentStepId: text("current_step_id"),
    /** The contribution shown large on the projector. */
    pinnedContributionId: text("pinned_contribution_id"),
    /** The last event number handed out; bumped in the same transaction as the event row. */
    lastSeq: integer("last_seq").notNull().default(0),
    /**
     * The last vote number handed out (applied votes, bumped in the vote's transaction): live
     * totals say how far they go (`upTo`), so a screen keeps the newest whichever node sent them,
     * and the numbers go on across restarts.
     */
    voteSeq: integer("vote_seq").notNull().default(0),
    /** A past vote step whose results the facilitators show again (null: the current step's). */
    shownResultsStepId: text("shown_results_step_id"),
    /** When the workshop was last closed (retention counts from here); null while not closed. */
    closedAt: integer("closed_at"),
    /** Personal data of every participant is erased this many days after closing (null: kept). */
    retentionDays: integer("retention_days"),
    /** When the workshop's personal data was erased (by hand or by the retention setting). */
    personalDataErasedAt: integer("personal_data_erased_at"),
    /** Archived: hidden from the list, read-only, still exportable. */
    archivedAt: integer("archived_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("workshops_join_code_uq").on(t.joinCode),
    uniqueIndex("workshops_display_token_uq").on(t.displayToken),
    index("workshops_retention_idx").on(t.closedAt, t.personalDataErasedAt),
  ],
);
export type Workshop = typeof workshops.$inferSelect;

export const workshopFacilitators = sqliteTable(
  "workshop_facilitators",
  {
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    facilitatorId: text("facilitator_id")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    role: text("role").$type<"owner" | "co_facilitator">().notNull(),
    addedAt: integer("added_at").notNull(),
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
export const workshopInvitations = sqliteTable(
  "workshop_invitations",
  {
    tokenHash: text("token_hash").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    createdBy: text("created_by")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Who accepted it, when (null until used; a used invitation never works again). */
    acceptedBy: text("accepted_by").references(() => facilitators.id, { onDelete: "set null" }),
    acceptedAt: integer("accepted_at"),
    /** Withdrawn by the owner before anyone used it. */
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("workshop_invitations_workshop_idx").on(t.workshopId)],
);

/** A facilitator's own agenda templates: steps (kind, title, settings, day) to start a workshop from. */
export const agendaTemplates = sqliteTable(
  "agenda_templates",
  {
    id: text("id").primaryKey(),
    facilitatorId: text("facilitator_id")
      .notNull()
      .references(() => facilitators.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    steps: text("steps", { mode: "json" })
      .$type<{ kind: StepKind; title: string | null; settings: StepSettings; day: number }[]>()
      .notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("agenda_templates_facilitator_idx").on(t.facilitatorId, t.createdAt)],
);

export const participants = sqliteTable(
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
    joinedAt: integer("joined_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    /** Removed by a facilitator: the token no longer works and the phone cannot rejoin with it. */
    removedAt: integer("removed_at"),
    /** Personal data (name, organisation, country, token) erased; helix and role kept. */
    erasedAt: integer("erased_at"),
  },
  (t) => [
    uniqueIndex("participants_token_uq").on(t.workshopId, t.tokenHash),
    uniqueIndex("participants_join_key_uq").on(t.workshopId, t.joinKey),
    index("participants_workshop_idx").on(t.workshopId, t.joinedAt),
  ],
);
export type Participant = typeof participants.$inferSelect;

export const agendaSteps = sqliteTable(
  "agenda_steps",
  {
    id: text("id").primaryKey(),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind").$type<StepKind>().notNull(),
    title: text("title"),
    settings: text("settings", { mode: "json" }).$type<StepSettings>().notNull(),
    timer: text("timer", { mode: "json" }).$type<Timer | null>(),
    /** A vote step's electorate per helix, stored when the room moves on from it (null until then). */
    electorate: text("electorate", { mode: "json" }).$type<HelixCounts | null>(),
    /** The day of a multi-day workshop the step belongs to (1, 2, …). */
    day: integer("day").notNull().default(1),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("agenda_steps_workshop_idx").on(t.workshopId, t.position)],
);
export type AgendaStepRow = typeof agendaSteps.$inferSelect;

export const contributions = sqliteTable(
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
    createdAt: integer("created_at").notNull(),
    editedAt: integer("edited_at"),
  },
  (t) => [
    uniqueIndex("contributions_client_uq").on(t.workshopId, t.clientId),
    index("contributions_workshop_idx").on(t.workshopId, t.kind),
    index("contributions_author_idx").on(t.authorId),
    index("contributions_parent_idx").on(t.parentId),
  ],
);
export type Contribution = typeof contributions.$inferSelect;

/** Every earlier wording of an edited contribution, with who changed it. */
export const contributionRevisions = sqliteTable(
  "contribution_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contributionId: text("contribution_id")
      .notNull()
      .references(() => contributions.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body"),
    /** Who replaced this wording: "participant:<id>" or "facilitator:<id>". */
    replacedBy: text("replaced_by").notNull(),
    replacedAt: integer("replaced_at").notNull(),
  },
  (t) => [index("contribution_revisions_contribution_idx").on(t.contributionId)],
);

/**
 * Dot votes: the points one participant gives one item in one vote step. Secret: only totals per
 * helix ever leave the server.
 */
export const votes = sqliteTable(
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
    updatedAt: integer("updated_at").notNull(),
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
export const voteTotals = sqliteTable(
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
export const voteBallots = sqliteTable(
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
export const voteTurnout = sqliteTable(
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

/**
 * The tables the database keeps itself (triggers on `votes`), each with the column that says a row
 * counts: a copy of the database rebuilds them from the votes instead of copying them
 * (scripts/lib/db-copy.ts), and compares their rows that count.
 */
export const KEPT_BY_TRIGGERS: Readonly<Record<string, string>> = {
  vote_totals: "points",
  vote_ballots: "items",
  vote_turnout: "voters",
};

/** Idempotency keys of vote changes: a retried change is answered, not applied twice. */
export const voteRequests = sqliteTable(
  "vote_requests",
  {
    participantId: text("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    contributionId: text("contribution_id").notNull(),
    /** The vote step it was cast in (null for keys kept before it was recorded). */
    stepId: text("step_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.clientId] })],
);

/**
 * Idempotency keys of a participant's other queued writes (an edit of their own contribution, an
 * endorsement): the phone's outbox may send one again after its answer was lost; the service finds
 * the key and answers as the first time instead of applying it again over what happened since.
 */
export const participantRequests = sqliteTable(
  "participant_requests",
  {
    participantId: text("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    /** What the key was used for, and on what: a key is answered only for the same write. */
    kind: text("kind").$type<"contribution.edit" | "recommendation.endorse" | "recommendation.unendorse">().notNull(),
    targetId: text("target_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.participantId, t.clientId] })],
);

/**
 * Recommendations of the action plan, drafted by the facilitators. `client_id` makes a retried
 * "add" harmless; `position` is the facilitators' order.
 */
export const recommendations = sqliteTable(
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
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("recommendations_client_uq").on(t.workshopId, t.clientId),
    index("recommendations_workshop_idx").on(t.workshopId, t.position),
  ],
);
export type RecommendationRow = typeof recommendations.$inferSelect;

/** The contributions a recommendation was drafted from, in the facilitator's order. */
export const recommendationLinks = sqliteTable(
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
export const endorsements = sqliteTable(
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
    createdAt: integer("created_at").notNull(),
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
export const notes = sqliteTable(
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
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("notes_subject_uq").on(t.workshopId, t.subject)],
);

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workshopId: text("workshop_id")
      .notNull()
      .references(() => workshops.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    /** Who caused it, for the audit trail: "facilitator:<id>", "participant:<id>", "system". */
    actor: text("actor").notNull(),
    createdAt: integer("created_at").notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex("events_workshop_seq_uq").on(t.workshopId, t.seq)],
);
