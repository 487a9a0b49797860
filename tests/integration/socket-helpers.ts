import type { Socket } from "socket.io-client";
import { expect } from "vitest";
import type { Result } from "../../app/domain/result";
import type { SyncResult } from "../../app/domain/sync";
import type { WorkshopEvent } from "../../app/domain/workshop-state";
import type { ClientToServerEvents, ServerToClientEvents } from "../../app/realtime/protocol";
import { startRealtimeServer } from "./helpers";

/** Helpers for tests that talk to a real Socket.IO server as phones, facilitators and displays do. */
export type RealtimeServer = Awaited<ReturnType<typeof startRealtimeServer>>;
export type WorkshopSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectError = Error & { data?: { code?: string } };

export const ACK_MS = 2_000;
/** How long we listen for an event that must NOT arrive. */
export const SILENCE_MS = 300;

const servers: RealtimeServer[] = [];

/** Every test starts its own server; call `closeServers` in afterEach so it closes even when a test fails. */
export async function startServer(options?: Parameters<typeof startRealtimeServer>[0]) {
  const server = await startRealtimeServer(options);
  servers.push(server);
  return server;
}

export async function closeServers() {
  await Promise.all(servers.splice(0).map((server) => server.close()));
}

export function connectParticipant(server: RealtimeServer, workshopId: string, token: string, cookieWorkshopId = workshopId) {
  return server.cookies
    .participant(cookieWorkshopId, token)
    .then((cookie) => server.client({ as: "participant", workshopId }, { cookie }));
}

export function connectFacilitator(server: RealtimeServer, facilitatorId: string, workshopId: string) {
  return server.cookies.facilitator(facilitatorId).then((cookie) => server.client({ as: "facilitator", workshopId }, { cookie }));
}

export function connectDisplay(server: RealtimeServer, workshopId: string, displayToken: string) {
  return server.client({ as: "display", workshopId, displayToken });
}

/** The server's refusal of a connection attempt (fails the test if it connected instead). */
export function refusal(attempt: Promise<WorkshopSocket>): Promise<ConnectError> {
  return attempt.then(
    (socket) => {
      socket.disconnect();
      throw new Error("the socket connected but should have been refused");
    },
    (error: ConnectError) => error,
  );
}

export function sync(socket: WorkshopSocket, payload: unknown): Promise<Result<SyncResult>> {
  return socket.timeout(ACK_MS).emitWithAck("workshop:sync", payload as { lastSeq: number });
}

/** Sends any message, typed or not, with an ack: what a hostile or outdated client can do. */
export function send(socket: WorkshopSocket, event: string, ...args: unknown[]): Promise<Result<unknown>> {
  return (socket as unknown as Socket).timeout(ACK_MS).emitWithAck(event, ...args);
}

export function expectError(result: Result<unknown>, code: string) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error("expected an error");
  expect(result.error.code).toBe(code);
  return result.error;
}

export function syncedEvents(result: Result<SyncResult>): WorkshopEvent[] {
  if (!result.ok) throw new Error(`sync failed: ${result.error.code}`);
  if (result.data.mode !== "events") throw new Error(`expected events, got ${result.data.mode}`);
  return result.data.events;
}

/** Records every workshop event a socket receives from now on. */
export function record(socket: WorkshopSocket) {
  const received: WorkshopEvent[] = [];
  socket.on("workshop:event", (event) => received.push(event));
  return received;
}

/** Resolves with the next `workshop:event` of a given type (others are skipped). */
export function nextEventOfType<T extends WorkshopEvent["type"]>(socket: WorkshopSocket, type: T, ms = ACK_MS) {
  return new Promise<Extract<WorkshopEvent, { type: T }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off("workshop:event", listener);
      reject(new Error(`no ${type} within ${ms} ms`));
    }, ms);
    const listener = (event: WorkshopEvent) => {
      if (event.type !== type) return;
      clearTimeout(timer);
      socket.off("workshop:event", listener);
      resolve(event as Extract<WorkshopEvent, { type: T }>);
    };
    socket.on("workshop:event", listener);
  });
}

export function once<T>(socket: WorkshopSocket, event: "disconnect" | "session:revoked", ms = ACK_MS) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    (socket as unknown as Socket).once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** A bounded wait used only to check that nothing more arrives. */
export const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, SILENCE_MS));

/** Waits, at most `ms`, for something that must happen (a message arriving); returns it. */
export async function eventually<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms = ACK_MS,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
