import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { openDatabase } from "../../app/db/client.server";
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

/** A second handle on another test's database file (a second node): `cleanup` closes it, the file stays. */
function openTestDatabase(path: string) {
  const handle = openDatabase(path);
  return { ...handle, dir: dirname(path), path, cleanup: () => handle.close() };
}

/** Services on a real database, with every published event recorded. */
export function createTestServices(options: { clock?: () => number } = {}) {
  const database = createTestDatabase();
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
      events: (workshopId, events) => published.push({ workshopId, events }),
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
  } = {},
) {
  const { databasePath, ...realtimeOptions } = options;
  const database = databasePath ? openTestDatabase(databasePath) : createTestDatabase();
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
      database.cleanup();
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
