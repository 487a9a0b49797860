import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { openDatabase } from "../../app/db/client.server";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from "../../app/realtime/protocol";
import { silentPublish } from "../../app/services/deps.server";
import { createServices, type Services } from "../../app/services/index.server";
import { createSessions, type Sessions } from "../../app/sessions.server";
import { startChild } from "../../scripts/lib/start-child";

/** A loopback port nobody listens on now (the server is restarted on it). */
export { freePort } from "../support/free-port";

/**
 * What the reliability specs (durability.spec.ts, restart.spec.ts) share: the real server as a
 * child process on a fixed loopback port (so phones reconnect to the same address after a restart),
 * its database file in a temp folder, set-up through the services on that file while no server
 * runs, and a read-only look at the file to check what was stored.
 */

export const SESSION_SECRET = "reliability-secret-reliability-secret-01";
export type PhoneSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A positive whole number from the environment (the size of a run), or the default; anything else stops the run. */
export function sizeFromEnv(name: string, fallback: number, max: number): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .optional()
    .safeParse(process.env[name] || undefined);
  if (!parsed.success) throw new Error(`${name} must be a whole number from 1 to ${max} (got "${process.env[name]}")`);
  return parsed.data ?? fallback;
}

/** A temp folder with the database path in it; `remove` deletes it. */
export function tempDatabase(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `helix-review-${prefix}-`));
  return { path: join(dir, "reliability.sqlite"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The built app as `npm start` runs it (production), on 127.0.0.1:`port` and `databasePath`.
 * `listening` resolves when it says so, with the time (performance.now()) it was seen.
 * RELIABILITY_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
 */
export function startServer(port: number, databasePath: string) {
  const child = startChild(
    [...(process.env.RELIABILITY_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "build/server.js"],
    { NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), DATABASE_PATH: databasePath, SESSION_SECRET },
    { timeoutMs: 120_000, echoStderr: true },
  );
  const exited = new Promise<void>((resolve) => {
    if (child.child.exitCode !== null || child.child.signalCode !== null) resolve();
    child.child.once("exit", () => resolve());
  });
  return {
    ...child,
    url: `http://127.0.0.1:${port}`,
    listening: child.url.then(() => performance.now()),
    /** SIGKILL: the process dies at once, whatever it was doing. */
    async kill() {
      child.child.kill("SIGKILL");
      await exited;
    },
    /** SIGTERM: the server closes its sockets and the database, as on a deploy. */
    async terminate() {
      if (child.child.exitCode !== null || child.child.signalCode !== null) return;
      await child.stop();
      await exited;
    },
  };
}
export type ChildServer = ReturnType<typeof startServer>;

/**
 * The services on the database file while no server runs on it: how the specs set a day up (the
 * same use cases the app runs, in the same transactions, appending the same events). Closed by `done`.
 */
export function onTheFile(databasePath: string) {
  const database = openDatabase(databasePath);
  const services = createServices({ db: database.db, publish: silentPublish, secret: SESSION_SECRET });
  const sessions = createSessions({ secret: SESSION_SECRET, store: services.facilitators });
  return { services, sessions, done: () => database.close() };
}

export function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** A facilitator with a workshop, and a helper to find its steps. */
export async function facilitatorWithWorkshop(services: Services, title: string) {
  const signedUp = unwrap(
    await services.facilitators.signUp({
      name: "Eszter",
      email: `reliability-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`,
      password: "a long password",
    }),
  );
  const actor = { kind: "facilitator" as const, facilitatorId: signedUp.id };
  const workshop = unwrap(await services.workshops.create(actor, { title, hostOrganisation: "MediKlaszter" }));
  const stepId = async (kind: string) => {
    const step = (await services.room.snapshot(workshop.id, "facilitator"))?.steps.find((s) => s.kind === kind);
    if (!step) throw new Error(`no ${kind} step`);
    return step.id;
  };
  return { facilitatorId: signedUp.id, actor, workshop, stepId };
}

const HELICES = ["government", "academia", "business", "community"] as const;

/** `count` phones join by code (helices in turn); each gets its participant id and its cookie. */
export async function joinPhones(services: Services, sessions: Sessions, joinCode: string, workshopId: string, count: number) {
  const phones: { participantId: string; cookie: string }[] = [];
  for (let i = 0; i < count; i++) {
    const joined = unwrap(await services.participants.join(joinCode, { helix: HELICES[i % 4], role: "local_stakeholder" }));
    const cookie = (await sessions.participantCookie(new Request("http://127.0.0.1/"), workshopId, joined.token)).split(";")[0];
    phones.push({ participantId: joined.participant.id, cookie });
  }
  return phones;
}

/**
 * A socket.io-client as a phone's or laptop's page opens it: the cookie the browser holds, and
 * (unless `transports` says otherwise) the default transports: long-polling first, then the
 * upgrade to WebSocket.
 */
export function openSocket(
  url: string,
  auth: HandshakeAuth,
  cookie: string,
  options: { transports?: ("polling" | "websocket")[]; reconnection?: boolean; reconnectionDelayMax?: number } = {},
): PhoneSocket {
  return io(url, { auth, extraHeaders: { cookie }, forceNew: true, ...options });
}

/** Resolves once the socket is connected; rejects with its connect error. */
export function connected(socket: PhoneSocket): Promise<PhoneSocket> {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(error));
  });
}

/** A read-only look at the file (the server may be running on it: WAL lets a reader in beside it). */
export function readFile(databasePath: string) {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  return {
    db,
    integrity: () => db.pragma("integrity_check", { simple: true }) as string,
    foreignKeyProblems: () => (db.pragma("foreign_key_check") as unknown[]).length,
    /** The workshop's event numbers in order, and the last one the workshop row records. */
    seqs(workshopId: string) {
      const seqs = (
        db.prepare("select seq from events where workshop_id = ? order by seq").all(workshopId) as { seq: number }[]
      ).map((r) => r.seq);
      const last = (db.prepare("select last_seq as n from workshops where id = ?").get(workshopId) as { n: number }).n;
      return { seqs, last };
    },
    close: () => db.close(),
  };
}

/** 1..n with nothing missing or repeated, and n is what the workshop row says. */
export function gapless({ seqs, last }: { seqs: number[]; last: number }) {
  return seqs.length === last && seqs.every((seq, index) => seq === index + 1);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
