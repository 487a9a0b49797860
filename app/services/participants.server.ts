import { createHmac } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { lockRows } from "../db/engine.server";
import { first } from "../db/first.server";
import { preparedStatement } from "../db/hot-statement.server";
import { myEndorsements } from "../db/queries/recommendations.server";
import { lobbyParticipant, workshopView } from "../db/queries/views.server";
import type { Participant, Workshop } from "../db/schema";
import { transaction } from "../db/transaction.server";
import { DEFAULT_LANGUAGE, type Language } from "../domain/languages";
import { canChangeProfile } from "../domain/participant";
import { REMOVED_REASON } from "../domain/privacy";
import { fail, ok, type Result, refuse } from "../domain/result";
import { joinCodeSchema, LIMITS, participantProfileSchema, type WorkshopSettings } from "../domain/schemas";
import type { Ballot } from "../domain/sync";
import type { ParticipantSelf, WorkshopState, WorkshopView } from "../domain/workshop-state";
import { asParticipant } from "./access.server";
import type { Actor } from "./actor";
import { openWorkshop, type RunCommand } from "./command.server";
import { hashToken, type ServiceDeps } from "./deps.server";
import type { createRoomService } from "./room.server";
import type { createWorkshopService } from "./workshops.server";

/** A phone's "last seen" is written at most this often: a reconnecting hall does not write once per phone. */
export const SEEN_EVERY_MS = 60_000;

/** What `connect` answers for a token whose participant a facilitator removed. */
export const REMOVED: unique symbol = Symbol("removed");

export type JoinResult = { participant: ParticipantSelf; workshopId: string; token: string; created: boolean };

type JoinOptions = {
  /** The phone's workshop secrets by workshop id (from its cookies); the one for this workshop is used. */
  tokens?: Record<string, string>;
  /** Idempotency key of this join form; a resubmission returns the same participant. */
  joinKey?: string | null;
};

/** The profile must fit the workshop: only the helices and roles its facilitator offers. */
function profileFitsWorkshop(profile: { helix: string; role: string }, settings: WorkshopSettings) {
  if (!settings.helices.includes(profile.helix as never)) {
    return fail("validation", "This workshop does not take this helix.", { helix: { key: "invalidChoice" } });
  }
  if (!settings.roles.includes(profile.role as never)) {
    return fail("validation", "This workshop does not offer this role.", { role: { key: "invalidChoice" } });
  }
  return null;
}

export type PhoneView = {
  workshop: WorkshopView;
  me: ParticipantSelf | null;
  state: WorkshopState | null;
  /** Ids of the participant's own contributions, marked "mine" on the phone. */
  mine: string[];
  /** Their points in the current vote step. */
  ballot: Ballot | null;
  /** The recommendations they endorsed. */
  endorsed: string[];
  /** This phone's participant was removed by a facilitator: it may join again only as someone new. */
  removed: boolean;
};

export function createParticipantService(
  { db, clock, random, secret }: ServiceDeps,
  run: RunCommand,
  workshopService: ReturnType<typeof createWorkshopService>,
  roomService: ReturnType<typeof createRoomService>,
) {
  const { contributions, endorsements, participants, votes, workshops } = db.tables;
  /** What a participant has put into the room: contributions, votes and endorsements all carry their helix. */
  const contributionCount = async (participantId: string) =>
    ((await first(db.select({ n: count() }).from(contributions).where(eq(contributions.authorId, participantId))))?.n ?? 0) +
    ((await first(db.select({ n: count() }).from(votes).where(eq(votes.participantId, participantId))))?.n ?? 0) +
    ((await first(db.select({ n: count() }).from(endorsements).where(eq(endorsements.participantId, participantId))))?.n ?? 0);

  const self = async (row: Participant): Promise<ParticipantSelf> => ({
    ...lobbyParticipant(row),
    language: row.language,
    locked: !canChangeProfile(await contributionCount(row.id)),
  });

  /** The participant a phone's token names, removed or not (`byToken` is the one that may act). */
  const anyByToken = async (workshopId: string, token: string | null | undefined) => {
    if (!token || token.length > 200) return undefined;
    return first(
      db
        .select()
        .from(participants)
        .where(and(eq(participants.workshopId, workshopId), eq(participants.tokenHash, hashToken(token)))),
    );
  };
  /** A removed participant's token no longer works anywhere (docs/privacy.md). */
  const byToken = async (workshopId: string, token: string | null | undefined) => {
    const row = await anyByToken(workshopId, token);
    return row && row.removedAt === null ? row : undefined;
  };

  /**
   * Every socket handshake of every phone runs this (a restart reconnects the whole hall at once):
   * the statements are prepared once (ADR 0012).
   */
  const connecting = {
    find: preparedStatement<{ id: string; lastSeenAt: number; removedAt: number | null }>(
      db,
      db
        .select({ id: participants.id, lastSeenAt: participants.lastSeenAt, removedAt: participants.removedAt })
        .from(participants)
        .where(
          and(
            eq(participants.workshopId, sql.placeholder("workshopId")),
            eq(participants.tokenHash, sql.placeholder("tokenHash")),
          ),
        ),
      ["id", "lastSeenAt", "removedAt"],
    ),
    seen: preparedStatement(
      db,
      db
        .update(participants)
        .set({ lastSeenAt: sql`${sql.placeholder("now")}` })
        .where(eq(participants.id, sql.placeholder("id"))),
    ),
  };

  /** The token a join form's key stands for: an HMAC under the server's secret (never stored). */
  const tokenForJoin = (workshopId: string, joinKey: string) =>
    createHmac("sha256", secret).update(`join:${workshopId}:${joinKey}`).digest("base64url");

  const workshopRow = async (id: string) => (await first(db.select().from(workshops).where(eq(workshops.id, id)))) as Workshop;

  /** A participant changes who they speak for (until their first contribution) or their language. */
  async function updateProfile(actor: Actor, workshopId: string, input: unknown): Promise<Result<ParticipantSelf>> {
    return run(actor, workshopId, input, {
      authorize: (database, who, id) => asParticipant(database, who, id, "Only a participant can change their own profile."),
      schema: participantProfileSchema,
      resolve: async (tx, data, { actor: row, now }) => {
        // The row's lock first: a vote batch in flight for this participant commits before what they
        // have given is counted below, or waits and records the helix chosen here.
        await lockRows(tx, workshopId, "participants", [row.id]);
        const workshop = await workshopRow(row.workshopId);
        const open = openWorkshop(workshop);
        if (!open.ok) return open;
        const misfit = profileFitsWorkshop(data, workshop.settings);
        if (misfit) return misfit;
        // Optional fields the update does not mention keep their value; an empty one clears it.
        const given = (key: string) => typeof input === "object" && input !== null && key in input;
        const keep = <K extends "displayName" | "organisation" | "country">(key: K) =>
          given(key) ? (data[key] ?? null) : row[key];
        const next = {
          displayName: keep("displayName"),
          helix: data.helix,
          role: data.role,
          organisation: keep("organisation"),
          country: keep("country"),
          language: data.language ?? row.language,
        };
        const identityChanged =
          next.displayName !== row.displayName ||
          next.helix !== row.helix ||
          next.role !== row.role ||
          next.organisation !== row.organisation ||
          next.country !== row.country;
        if (identityChanged && !canChangeProfile(await contributionCount(row.id)))
          return fail("profile_locked", "Your helix and name can no longer change: you have already contributed.");
        if (!identityChanged && next.language === row.language) return ok({ data: await self(row), events: [] });
        const updated = { ...row, ...next, lastSeenAt: now };
        await tx
          .update(participants)
          .set({ ...next, lastSeenAt: now })
          .where(eq(participants.id, row.id));
        return ok({
          data: await self(updated),
          events: identityChanged ? [{ type: "participant.updated", payload: { participant: lobbyParticipant(updated) } }] : [],
        });
      },
    });
  }

  return {
    /**
     * What a phone shows at /j/<code>: the join form for a newcomer, or "you're in" with the live
     * room for a phone that joined (even after the workshop closed). Newcomers cannot open a closed one.
     */
    async forPhone(code: unknown, tokens: Record<string, string>): Promise<Result<PhoneView>> {
      const parsed = joinCodeSchema.safeParse(code);
      const row = parsed.success
        ? await first(db.select().from(workshops).where(eq(workshops.joinCode, parsed.data)))
        : undefined;
      if (!row) return fail("not_found", "There is no workshop with this code.");
      const found = await anyByToken(row.id, tokens[row.id]);
      const me = found?.removedAt === null ? found : undefined;
      if (!me) {
        if (row.status === "closed") return fail("workshop_closed", "This workshop has ended; it no longer takes participants.");
        const removed = Boolean(found);
        return ok({ workshop: workshopView(row), me: null, state: null, mine: [], ballot: null, endorsed: [], removed });
      }
      const mine = (await db.select({ id: contributions.id }).from(contributions).where(eq(contributions.authorId, me.id))).map(
        (c) => c.id,
      );
      const actor: Actor = { kind: "participant", participantId: me.id, workshopId: row.id };
      return ok({
        workshop: workshopView(row),
        me: await self(me),
        state: await roomService.snapshot(row.id, "room"),
        mine,
        ballot: await roomService.ballot(actor, row.id),
        endorsed: await myEndorsements(db, me.id, row.id),
        removed: false,
      });
    },

    /**
     * Joins a workshop by code. A phone that already joined (valid token) updates its profile
     * instead; a resubmitted form (same join key) gets the same participant with a fresh token.
     */
    async join(code: unknown, input: unknown, options: JoinOptions = {}): Promise<Result<JoinResult>> {
      const found = await workshopService.findForJoining(code);
      if (!found.ok) return found;
      const workshopId = found.data.id;
      const existingToken = options.tokens?.[workshopId];
      const existing = await byToken(workshopId, existingToken);
      if (existing) {
        const actor: Actor = { kind: "participant", participantId: existing.id, workshopId };
        const updated = await updateProfile(actor, workshopId, input);
        if (!updated.ok) return updated;
        return ok({ participant: updated.data, workshopId, token: existingToken as string, created: false });
      }
      const joinKey = options.joinKey && options.joinKey.length <= LIMITS.name ? options.joinKey : null;
      // A resubmitted form (same join key) gets the same token back, so whichever answer the phone
      // kept works; a join without a key gets a fresh random one.
      const token = joinKey ? tokenForJoin(workshopId, joinKey) : random.token();
      // Anyone with the code may join (AUTH is the code, found above).
      const joined = await run({ kind: "anonymous" }, workshopId, input, {
        authorize: () => ok(null),
        schema: participantProfileSchema,
        resolve: async (tx, data, { now }) => {
          // The workshop as it is now, not as found before the transaction (closed, or a helix
          // removed, a moment ago).
          const still = await workshopService.findForJoining(code);
          if (!still.ok) return still;
          const misfit = profileFitsWorkshop(data, still.data.settings);
          if (misfit) return misfit;
          if (joinKey) {
            const retried = await first(
              tx
                .select()
                .from(participants)
                .where(and(eq(participants.workshopId, workshopId), eq(participants.joinKey, joinKey))),
            );
            // A removed participant's old form does not bring them back (they may join as someone new).
            if (retried?.removedAt) return refuse("forbidden", REMOVED_REASON, "You were removed from this workshop.");
            if (retried) {
              await tx.update(participants).set({ lastSeenAt: now }).where(eq(participants.id, retried.id));
              return ok({ data: { row: retried, created: false }, events: [] });
            }
          }
          const row: Participant = {
            id: random.uuid(),
            workshopId,
            displayName: data.displayName ?? null,
            helix: data.helix,
            role: data.role,
            organisation: data.organisation ?? null,
            country: data.country ?? null,
            language: data.language ?? DEFAULT_LANGUAGE,
            tokenHash: hashToken(token),
            joinKey,
            joinedAt: now,
            lastSeenAt: now,
            removedAt: null,
            erasedAt: null,
          };
          await tx.insert(participants).values(row);
          return ok({
            data: { row, created: true },
            events: [{ type: "participant.joined", payload: { participant: lobbyParticipant(row) } }],
            loggedAs: { kind: "participant", participantId: row.id, workshopId },
          });
        },
      });
      if (!joined.ok) return joined;
      return ok({ participant: await self(joined.data.row), workshopId, token, created: joined.data.created });
    },

    async updateProfile(actor: Actor, input: unknown): Promise<Result<ParticipantSelf>> {
      if (actor.kind !== "participant") return fail("forbidden", "Only a participant can change their own profile.");
      return await updateProfile(actor, actor.workshopId, input);
    },

    /** Remembers the language a phone picked for its participant (if it joined), without touching identity. */
    async rememberLanguage(workshopId: string, token: string | null, language: Language): Promise<void> {
      const row = await byToken(workshopId, token);
      if (row) await transaction(db, (tx) => tx.update(participants).set({ language }).where(eq(participants.id, row.id)));
    },

    /**
     * A phone's socket connects: the participant its token names, in this workshop only (null when none does), marked as
     * seen — written at most once a minute, so a hall reconnecting after a restart reads but does
     * not write. A removed participant's token is refused as such (`REMOVED`): the phone says why.
     */
    async connect(workshopId: string, token: string | null | undefined): Promise<string | typeof REMOVED | null> {
      if (!token || token.length > 200) return null;
      const row = await connecting.find.get({ workshopId, tokenHash: hashToken(token) });
      if (!row) return null;
      if (row.removedAt !== null) return REMOVED;
      const now = clock();
      if (now - row.lastSeenAt >= SEEN_EVERY_MS) await connecting.seen.run({ id: row.id, now });
      return row.id;
    },
  };
}
