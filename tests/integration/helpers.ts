import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { inject } from "vitest";
import { type Db, openDatabase } from "../../app/db/client.server";
import { postgresServiceDb } from "../../app/db/postgres.server";
import * as pgSchema from "../../app/db/schema.pg";
import type { Helix, HelixCounts, Role } from "../../app/domain/helix";
import type { NoteView } from "../../app/domain/notes";
import type { Result } from "../../app/domain/result";
import type { StepKind } from "../../app/domain/step-kinds";
import type { WorkshopEvent, WorkshopState } from "../../app/domain/workshop-state";
import { createEventBus } from "../../app/realtime/bus.server";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from "../../app/realtime/protocol";
import { attachRealtime, type RealtimeOptions } from "../../app/realtime/server.server";
import type { Actor } from "../../app/services/actor";
import { createServices, type Services } from "../../app/services/index.server";
import { createSessions } from "../../app/sessions.server";
import { rowsOf } from "../support/postgres";

/** A fresh, migrated SQLite file in its own temp folder; `cleanup` closes and deletes it. */
export function createTestDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "helix-review-it-"));
  const path = join(dir, "test.sqlite");
  const handle = openDatabase(path);
  const cleanup = () => {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ...handle, dir, path, cleanup };
}

/** Which database this test project runs the services on (vitest.config.ts): "postgres" or "sqlite". */
export const TEST_ENGINE = inject("postgres") ? "postgres" : "sqlite";

/** PostgreSQL answers bigint (`count(*)`) as text; the tests' raw reads want numbers, as SQLite gives. */
const numericTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
let postgresCount = 0;

/**
 * A fresh, migrated PostgreSQL database on the run's private server (tests/setup/postgres-project.ts),
 * copied from the migrated template by `createdb` — synchronously, as a SQLite file is opened.
 * `rows` reads with `?` placeholders, as the SQLite tests write them.
 */
function createPostgresTestDatabase() {
  const server = inject("postgres");
  if (!server) throw new Error("not in the postgres test project");
  const url = new URL(server.url);
  const name = `helix_test_${process.pid}_${++postgresCount}`;
  const created = spawnSync(
    join(server.bin, "createdb"),
    ["-h", url.hostname, "-p", url.port, "-U", "postgres", "-T", server.template, name],
    { encoding: "utf8" },
  );
  if (created.status !== 0) throw new Error(`createdb failed: ${created.error ?? created.stderr}`);
  url.pathname = `/${name}`;
  const open = () => {
    const pool = new pg.Pool({ connectionString: url.toString(), max: 4, types: numericTypes });
    return { pool, db: postgresServiceDb(Object.assign(drizzle(pool, { schema: pgSchema }), { $client: pool })) };
  };
  const { pool, db } = open();
  return {
    db,
    engine: "postgres" as const,
    url: url.toString(),
    /** Another connection pool on this database (a second node): `cleanup` closes it, the database stays. */
    reopen: () => {
      const other = open();
      return { db: other.db, cleanup: () => other.pool.end() };
    },
    rows: <Row = Record<string, unknown>>(text: string, ...params: unknown[]) => rowsOf<Row>(pool, text, params),
    cleanup: () => pool.end(),
  };
}

/**
 * The test's database, on the project's engine. `rows` (both engines) reads with raw SQL; `sqlite`,
 * `path` and `dir` exist on SQLite only (undefined on PostgreSQL), for the tests about the file itself
 * and the test files not yet in the "postgres" project.
 */
export type TestDatabase = {
  db: Db;
  engine: "sqlite" | "postgres";
  /** Another handle on this database (a second node): `cleanup` closes it, the data stays. */
  reopen: () => Pick<TestDatabase, "db" | "cleanup">;
  rows: <Row = Record<string, unknown>>(sql: string, ...params: unknown[]) => Promise<Row[]>;
  cleanup: () => void | Promise<void>;
} & Omit<ReturnType<typeof createTestDatabase>, "db" | "cleanup">;

function createEngineTestDatabase(): TestDatabase {
  if (TEST_ENGINE === "postgres") return createPostgresTestDatabase() as unknown as TestDatabase;
  return onSqlite(createTestDatabase());
}

/** A second handle on another test's database file (a second node): `cleanup` closes it, the file stays. */
function openTestDatabase(path: string): TestDatabase {
  const handle = openDatabase(path);
  return onSqlite({ ...handle, dir: dirname(path), path, cleanup: () => handle.close() });
}

/** A SQLite test database as both engines' tests take it. */
function onSqlite(database: ReturnType<typeof createTestDatabase>): TestDatabase {
  return {
    ...database,
    engine: "sqlite",
    reopen: () => openTestDatabase(database.path),
    rows: async <Row>(sql: string, ...params: unknown[]) => database.sqlite.prepare(sql).all(...params) as Row[],
  };
}

/** Services on a real database, with every published event recorded. */
export function createTestServices(options: { clock?: () => number } = {}) {
  const database = createEngineTestDatabase();
  const published: { workshopId: string; events: WorkshopEvent[] }[] = [];
  const revoked: string[] = [];
  const removed: { workshopId: string; participantId: string }[] = [];
  const deleted: string[] = [];
  const votesChanged: string[] = [];
  const endorsementsChanged: string[] = [];
  const notesChanged: { workshopId: string; note: NoteView }[] = [];
  const facilitatorsRemoved: { workshopId: string; facilitatorId: string }[] = [];
  const services = createServices({
    db: database.db,
    clock: options.clock,
    publish: {
      events: (workshopId, events) => {
        published.push({ workshopId, events });
      },
      displaysRevoked: (workshopId) => revoked.push(workshopId),
      participantRemoved: (workshopId, participantId) => removed.push({ workshopId, participantId }),
      workshopDeleted: (workshopId) => deleted.push(workshopId),
      votesChanged: (workshopId) => votesChanged.push(workshopId),
      endorsementsChanged: (workshopId) => endorsementsChanged.push(workshopId),
      notesChanged: (workshopId, note) => notesChanged.push({ workshopId, note }),
      facilitatorRemoved: (workshopId, facilitatorId) => facilitatorsRemoved.push({ workshopId, facilitatorId }),
    },
  });
  return {
    services,
    database,
    published,
    revoked,
    removed,
    deleted,
    votesChanged,
    endorsementsChanged,
    notesChanged,
    facilitatorsRemoved,
    cleanup: database.cleanup,
  };
}

let emailCounter = 0;

/** Factories: a facilitator with a workshop, and participants joining it. */
export async function createFacilitator(services: Services, name = "Facilitator") {
  emailCounter += 1;
  const result = await services.facilitators.signUp({
    name,
    email: `f${emailCounter}-${Date.now()}@example.org`,
    password: "a long password",
  });
  if (!result.ok) throw new Error(result.error.message);
  const actor: Actor = { kind: "facilitator", facilitatorId: result.data.id };
  return { facilitator: result.data, actor };
}

export async function createWorkshop(services: Services, actor: Actor, input: Record<string, unknown> = {}) {
  const result = await services.workshops.create(actor, {
    title: "Cluster cooperation",
    hostOrganisation: "MediKlaszter",
    ...input,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

export async function joinWorkshop(services: Services, joinCode: string, profile: Record<string, unknown> = {}, options = {}) {
  const result = await services.participants.join(
    joinCode,
    { helix: "business", role: "local_stakeholder", ...profile },
    options,
  );
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

export const SESSION_SECRET = "test-secret-test-secret-test-secret-1234";

/**
 * The real realtime stack on a bare http.Server on 127.0.0.1 and a random port: the same
 * services, sessions and Socket.IO handlers server.ts wires, without Remix.
 */
export async function startRealtimeServer(
  options: Partial<Pick<RealtimeOptions, "rateLimit" | "allowedOrigins" | "limits" | "adapter">> & {
    /** Another server's database file: two nodes on one database (closed, not deleted, by `close`). */
    databasePath?: string;
    /** Another server's database, on the project's engine: two nodes on one database. */
    sameDatabaseAs?: TestDatabase;
  } = {},
) {
  const { databasePath, sameDatabaseAs, ...realtimeOptions } = options;
  const database = sameDatabaseAs
    ? (sameDatabaseAs.reopen() as TestDatabase)
    : databasePath
      ? openTestDatabase(databasePath)
      : createEngineTestDatabase();
  const bus = createEventBus();
  const services = createServices({ db: database.db, publish: bus.publish });
  const sessions = createSessions({ secret: SESSION_SECRET, store: services.facilitators });
  const httpServer: Server = createServer();
  const realtime = attachRealtime(httpServer, { services, sessions, ...realtimeOptions });
  bus.subscribe(realtime.publisher);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const clients: Socket[] = [];

  /** Cookie headers as a browser would send them for each kind of client. */
  const cookies = {
    participant: (workshopId: string, token: string) =>
      sessions.participantCookie(new Request(url), workshopId, token).then((c) => c.split(";")[0]),
    facilitator: (facilitatorId: string) => sessions.logIn(new Request(url), facilitatorId).then((c) => c.split(";")[0]),
  };

  /** Connects a socket.io-client; resolves once connected, rejects with the server's connect error. */
  function client(auth: HandshakeAuth, init: { cookie?: string; origin?: string } = {}) {
    const headers: Record<string, string> = {};
    if (init.cookie) headers.cookie = init.cookie;
    if (init.origin) headers.origin = init.origin;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
      auth,
      extraHeaders: headers,
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    clients.push(socket);
    return new Promise<typeof socket>((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", (error) => reject(error));
    });
  }

  return {
    url,
    services,
    /** The database file, for tests that read rows back (a deletion's reach). */
    database,
    sessions,
    cookies,
    client,
    async close() {
      for (const socket of clients) socket.disconnect();
      await realtime.close();
      await database.cleanup();
    },
  };
}

/** Resolves with the next `workshop:event` a socket receives (or rejects after `ms`). */
export function nextEvent(socket: Socket<ServerToClientEvents, ClientToServerEvents>, ms = 2_000) {
  return new Promise<WorkshopEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no workshop:event within timeout")), ms);
    socket.once("workshop:event", (event) => {
      clearTimeout(timer);
      resolve(event);
    });
  });
}

let clientCounter = 0;
/** A phone's or laptop's idempotency key (8–64 characters), unique in the test run. */
export const newClientId = (who = "client") => `${who}-${String(++clientCounter).padStart(4, "0")}-${Date.now().toString(36)}`;

/** The data of a service result that must succeed; a refusal fails the test with its code. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** Counts by helix, zero unless given. */
export const helixCounts = (given: Partial<HelixCounts> = {}): HelixCounts => ({
  government: 0,
  academia: 0,
  business: 0,
  community: 0,
  ...given,
});

/** A participant as the service tests hold one: what joining returned, and the actor to act as. */
export type Member = Awaited<ReturnType<typeof joinWorkshop>> & { actor: Actor };

/**
 * A facilitator (Eszter) with the Budapest workshop on these services, and the moves every day of
 * service tests makes: read the room, find a step, move the room, let a phone join, pre-load a
 * host challenge. Test files add the moves of their own subject.
 */
export async function budapestDay(services: Services, input: Record<string, unknown> = {}) {
  const { facilitator, actor } = await createFacilitator(services, "Eszter");
  const workshop = await createWorkshop(services, actor, { title: "Budapest peer review", venue: "Budapest", ...input });
  const view = async (audience: "facilitator" | "room" = "facilitator"): Promise<WorkshopState> => {
    const state = await services.room.snapshot(workshop.id, audience);
    if (!state) throw new Error(`no snapshot of ${workshop.id}`);
    return state;
  };
  const step = async (kind: StepKind) => {
    const found = (await view()).steps.find((s) => s.kind === kind);
    if (!found) throw new Error(`no ${kind} step`);
    return found.id;
  };
  return {
    facilitator,
    actor,
    workshop,
    view,
    step,
    moveRoomTo: async (kind: StepKind) =>
      unwrap(await services.agenda.goToStep(actor, workshop.id, { stepId: await step(kind) })),
    async join(displayName: string, helix: Helix, role: Role = "local_stakeholder"): Promise<Member> {
      const joined = await joinWorkshop(services, workshop.joinCode, { displayName, helix, role });
      return { ...joined, actor: { kind: "participant", participantId: joined.participant.id, workshopId: workshop.id } };
    },
    /** The host's own challenge, pre-loaded by the facilitator (any step). */
    hostChallenge: async (title: string) =>
      unwrap(
        await services.contributions.submit(actor, workshop.id, { kind: "challenge", clientId: newClientId("host"), title }),
      ),
  };
}
