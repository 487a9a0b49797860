import { createHash } from "node:crypto";
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import type { RateLimits } from "../config/rate-limits.server";
import { HELICES, type HelixCounts } from "../domain/helix";
import { zeroPoints } from "../domain/helix-metrics";
import { REMOVED_REASON } from "../domain/privacy";
import { fail, type Result } from "../domain/result";
import { type Audience, eventForAudience, type TallyState as Tallies, type TallyUpdate } from "../domain/workshop-state";
import { actorLabel } from "../services/actor";
import type { Actor, Publish, Services } from "../services/index.server";
import { REMOVED } from "../services/participants.server";
import type { Sessions } from "../sessions.server";
import { createCoalescer, type Log } from "./coalescer";
import { createMessageBudget } from "./message-budget";
import { isOriginAllowed, requestProtocol } from "./origin";
import { PHONE_TALLY_INTERVAL_MS, phoneTallyInterval } from "./phone-tallies";
import {
  type AckResult,
  CLIENT_EVENTS,
  type ClientEvent,
  type ClientToServerEvents,
  handshakeAuthSchema,
  rooms,
  type ServerToClientEvents,
} from "./protocol";

export type SocketData = {
  actor: Actor;
  workshopId: string;
  audience: Audience;
  /** A facilitator's session token: the socket is closed when that session ends. */
  sessionToken?: string;
};
/**
 * What one node tells the others (several nodes, through the adapter): a workshop's votes or
 * endorsements changed, so each node reads the totals from the database for its own screens.
 */
type NodeEvents = { votesChanged: (workshopId: string) => void; endorsementsChanged: (workshopId: string) => void };
type AppServer = Server<ClientToServerEvents, ServerToClientEvents, NodeEvents, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, NodeEvents, SocketData>;

export type RealtimeOptions = {
  services: Services;
  sessions: Sessions;
  /** Extra origins allowed besides the server's own host. */
  allowedOrigins?: readonly string[];
  /** Whether X-Forwarded-Proto is believed (behind a reverse proxy, TRUST_PROXY). */
  trustProxy?: boolean;
  /** Limits on actions: socket handshakes are limited per client address. */
  limits?: RateLimits;
  /** The client's address for a raw request (X-Forwarded-For as far as TRUST_PROXY says). */
  clientAddress?: (req: IncomingMessage) => string | undefined;
  /** Events one actor may send per `perSeconds` before being told to slow down. */
  rateLimit?: { points: number; perSeconds: number };
  log?: Log;
  /** How often at most a workshop's vote totals are sent (100–250 ms keeps screens live without a storm). */
  tallyIntervalMs?: number;
  /** How often at most the phones get new totals (a new step or a reveal reaches them at once). */
  phoneTallyIntervalMs?: number;
  /** Several nodes (REDIS_URL): Socket.IO's Redis Streams adapter, so that a room spans them. Unset: this node's memory. */
  adapter?: ServerOptions["adapter"];
};

export const TALLY_INTERVAL_MS = 150;
/** A message to every phone is written in this many slices, paced (see createPhoneSlices). */
export const PHONE_SLICES = 16;
const PHONE_SLICE_MAX_PAUSE_MS = 250;

/**
 * A workshop's phones, in PHONE_SLICES rooms (each phone's socket joins one as it connects): a
 * message to every phone is written one slice at a time, and after each slice the server waits
 * four times as long as writing it took — so messages to phones take at most a fifth of the CPU
 * while votes keep arriving. Writing totals to 10,000 sockets at once held the event loop ≈0.5 s
 * every time, and every vote arriving meanwhile waited (ADR 0013). Messages go out in the order
 * they were given, so each phone receives them in that order.
 */
function createPhoneSlices(io: AppServer, log: Log) {
  const queue: (() => void)[] = [];
  let scheduled: NodeJS.Timeout | null = null;
  const drain = () => {
    scheduled = null;
    const started = performance.now();
    try {
      queue.shift()?.();
    } catch (error) {
      log("sending to a slice of the phones failed", error);
    }
    if (queue.length > 0) scheduled = setTimeout(drain, Math.min(4 * (performance.now() - started), PHONE_SLICE_MAX_PAUSE_MS));
  };
  return {
    emit(workshopId: string, update: TallyUpdate) {
      for (let slice = 0; slice < PHONE_SLICES; slice++)
        queue.push(() => io.local.to(rooms.phoneSlice(workshopId, slice)).emit("workshop:tallies", update));
      scheduled ??= setTimeout(drain, 0);
    },
    stop() {
      if (scheduled) clearTimeout(scheduled);
      scheduled = null;
      queue.length = 0;
    },
  };
}

/**
 * Vote totals, coalesced: a vote only marks its workshop dirty; at most once per interval the
 * current vote step's totals are read once, and each kind of screen gets only the items whose
 * totals changed since its last message (in full when the step changed). Never one broadcast per
 * vote. The facilitators and the projector get them every interval; the phones — hundreds of them
 * on the venue's Wi-Fi, each a write of its own — at most once per `intervals.phones` (longer in a
 * room of thousands), except a new step, results shown or hidden, or totals cleared, which reach
 * them at once (ADR 0013). With several nodes, each node does this for its own sockets only, from
 * the database, whichever node took the votes: a screen gets the totals of one node, in the order
 * that node read them, so the changes it is sent are changes from what it holds (ADR 0014 §5).
 */
function createTallyCoalescer(
  io: AppServer,
  services: Services,
  intervals: { screens: number; phones: number },
  log: Log,
  /** Several nodes: tells the others a workshop's votes changed (they read the totals themselves). */
  tellOthers?: (workshopId: string) => void,
) {
  const phoneSlices = createPhoneSlices(io, log);
  type Screens = "facilitator" | "display" | "phone";
  const roomOf: Record<Screens, (workshopId: string) => string> = {
    facilitator: rooms.facilitators,
    display: rooms.displays,
    phone: rooms.participants,
  };
  /** What each kind of screen last received, per workshop: screens hold the current vote step's totals only. */
  const sent: Record<Screens, Map<string, Tallies>> = { facilitator: new Map(), display: new Map(), phone: new Map() };
  /** When the phones of a workshop last got totals, and the timer that sends them what they are owed. */
  const phonesSentAt = new Map<string, number>();
  const phonesOwed = new Map<string, NodeJS.Timeout>();
  /** A new step, or results hidden or revealed: the screen replaces what it holds. */
  const replaces = (previous: Tallies | undefined, next: Tallies) =>
    !previous || previous.stepId !== next.stepId || previous.hidden !== next.hidden;
  const changedItems = (previous: Tallies | undefined, next: Tallies) => {
    if (replaces(previous, next)) return { items: next.items, full: true };
    const items: Tallies["items"] = {};
    for (const [id, points] of Object.entries(next.items)) {
      const before = previous?.items[id];
      if (!before || HELICES.some((h) => before[h] !== points[h])) items[id] = points;
    }
    // An item that lost all its points (hidden, merged, votes taken back) is sent as zeros.
    for (const id of Object.keys(previous?.items ?? {})) if (!next.items[id]) items[id] = zeroPoints();
    return { items, full: false };
  };

  const emit = (screens: Screens, workshopId: string, update: TallyUpdate) => {
    if (screens === "phone") phoneSlices.emit(workshopId, update);
    else io.local.to(roomOf[screens](workshopId)).emit("workshop:tallies", update);
  };

  /** Sends a kind of screen what changed since its last message; whether anything was sent. */
  function send(screens: Screens, workshopId: string, totals: Tallies | null): boolean {
    const previous = sent[screens].get(workshopId);
    if (!totals) {
      if (previous) emit(screens, workshopId, { stepId: previous.stepId, cleared: true });
      sent[screens].delete(workshopId);
      return previous !== undefined;
    }
    const change = changedItems(previous, totals);
    sent[screens].set(workshopId, totals);
    const sameCounts = (a: HelixCounts | undefined, b: HelixCounts) => a !== undefined && HELICES.every((h) => a[h] === b[h]);
    if (
      !change.full &&
      Object.keys(change.items).length === 0 &&
      sameCounts(previous?.electorate, totals.electorate) &&
      sameCounts(previous?.turnout, totals.turnout)
    )
      return false;
    emit(screens, workshopId, {
      stepId: totals.stepId,
      electorate: totals.electorate,
      turnout: totals.turnout,
      hidden: totals.hidden,
      upTo: totals.upTo,
      ...change,
    });
    return true;
  }

  function sendToPhones(workshopId: string, totals: Tallies | null) {
    const phones = io.sockets.adapter.rooms.get(roomOf.phone(workshopId))?.size ?? 0;
    const interval = phoneTallyInterval(phones, intervals.phones);
    const wait = (phonesSentAt.get(workshopId) ?? Number.NEGATIVE_INFINITY) + interval - performance.now();
    if (wait > 0 && totals && !replaces(sent.phone.get(workshopId), totals)) {
      // New totals too soon after the last: sent when the phones' interval is over, read afresh then.
      if (!phonesOwed.has(workshopId))
        phonesOwed.set(
          workshopId,
          setTimeout(() => {
            phonesOwed.delete(workshopId);
            coalescer.markDirty(workshopId);
          }, wait),
        );
      return;
    }
    clearTimeout(phonesOwed.get(workshopId));
    phonesOwed.delete(workshopId);
    if (send("phone", workshopId, totals)) phonesSentAt.set(workshopId, performance.now());
    if (!totals) phonesSentAt.delete(workshopId);
  }

  const coalescer = createCoalescer(
    intervals.screens,
    async (workshopId) => {
      const current = await services.voting.currentTalliesForScreens(workshopId);
      send("facilitator", workshopId, current?.facilitator ?? null);
      send("display", workshopId, current?.room ?? null);
      sendToPhones(workshopId, current?.room ?? null);
    },
    log,
    tellOthers,
  );
  return {
    /** Another node took votes: this node's screens get the totals, read here. */
    markDirty: coalescer.markDirty,
    /** This node took votes: its screens get the totals, and the other nodes are told. */
    changedHere: coalescer.changedHere,
    /** Resolves once the totals being read are sent; then nothing more is sent or read. */
    async stop() {
      await coalescer.stop();
      phoneSlices.stop();
      for (const timer of phonesOwed.values()) clearTimeout(timer);
      phonesOwed.clear();
    },
  };
}

/**
 * Endorsement counts, coalesced the same way, by each node for its own sockets; every screen may
 * see them (counts by helix only). The other nodes are told as of votes (`tellOthers`).
 */
function createEndorsementCoalescer(
  io: AppServer,
  services: Services,
  intervalMs: number,
  log: Log,
  tellOthers?: (workshopId: string) => void,
) {
  return createCoalescer(
    intervalMs,
    async (workshopId) => {
      io.local.to([rooms.facilitators(workshopId), rooms.room(workshopId)]).emit("workshop:endorsements", {
        counts: await services.recommendations.counts(workshopId),
      });
    },
    log,
    tellOthers,
  );
}

/** Largest message a client may send: every legitimate payload is a few hundred bytes. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * A facilitator's sockets by session, by person and by person on a workshop: what ends a session
 * or a place on a team reaches them as a room, on every node (several nodes: REDIS_URL). A session
 * room is named by a hash of its token, as room names travel through Redis.
 */
const facilitatorRooms = {
  session: (token: string) => `session:${createHash("sha256").update(token).digest("base64url")}`,
  facilitator: (facilitatorId: string) => `facilitator:${facilitatorId}`,
  onWorkshop: (workshopId: string, facilitatorId: string) => `facilitator:${facilitatorId}:${workshopId}`,
};

const connectError = (code: string, message: string, reason?: string) =>
  Object.assign(new Error(message), { data: reason ? { code, reason: { key: reason } } : { code } });

/**
 * Socket.IO on the app's own http.Server: authenticates at the handshake, hands each message to
 * one service and answers with its result. It holds no business rules of its own.
 */
export function attachRealtime(httpServer: HttpServer, options: RealtimeOptions) {
  const { services, sessions } = options;
  const log = options.log ?? ((message, error) => console.error(message, error));
  const messages = createMessageBudget({
    points: options.rateLimit?.points ?? 120,
    perSeconds: options.rateLimit?.perSeconds ?? 10,
  });

  const io: AppServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
    allowRequest: (req, callback) =>
      callback(
        null,
        isOriginAllowed(
          req.headers.origin,
          { host: req.headers.host, protocol: requestProtocol(req, options.trustProxy ?? false) },
          options.allowedOrigins ?? [],
        ),
      ),
  });

  io.use(async (socket, next) => {
    try {
      // Each handshake authenticates (and may write "last seen"): many from one address are slowed down.
      const address = options.clientAddress?.(socket.request) ?? socket.handshake.address;
      const allowed = options.limits ? await options.limits.take("handshake", address) : { ok: true };
      if (!allowed.ok) return next(connectError("rate_limited", "Too many connections from this address; trying again shortly."));
      const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
      if (!auth.success) return next(connectError("validation", "Say which workshop and as whom you connect."));
      const { workshopId } = auth.data;
      const cookies = socket.handshake.headers.cookie;
      if (auth.data.as === "participant") {
        const participantId = await services.participants.connect(
          workshopId,
          await sessions.participantToken(cookies, workshopId),
        );
        if (participantId === REMOVED)
          return next(connectError("unauthenticated", "You were removed from this workshop.", REMOVED_REASON));
        if (!participantId) return next(connectError("unauthenticated", "Join the workshop first."));
        socket.data = { actor: { kind: "participant", participantId, workshopId }, workshopId, audience: "room" };
      } else if (auth.data.as === "facilitator") {
        const sessionToken = await sessions.facilitatorSessionToken(cookies);
        const facilitatorId = await services.facilitators.sessionFacilitator(sessionToken);
        if (!facilitatorId || !sessionToken) return next(connectError("unauthenticated", "Log in first."));
        if (!(await services.workshops.manages(facilitatorId, workshopId)))
          return next(connectError("forbidden", "Not your workshop."));
        socket.data = { actor: { kind: "facilitator", facilitatorId }, workshopId, audience: "facilitator", sessionToken };
      } else {
        const found = await services.workshops.findByDisplayToken(auth.data.displayToken);
        if (!found.ok || found.data.id !== workshopId)
          return next(connectError("unauthenticated", "This display link is not valid."));
        socket.data = { actor: { kind: "display", workshopId }, workshopId, audience: "room" };
      }
      next();
    } catch (error) {
      log("socket handshake failed", error);
      next(connectError("internal", "Something went wrong."));
    }
  });

  /** The slice of its workshop's phones the next phone's socket joins (round robin). */
  let nextSlice = 0;
  io.on("connection", (socket: AppSocket) => {
    const { workshopId, actor, audience, sessionToken } = socket.data;
    socket.join(audience === "facilitator" ? rooms.facilitators(workshopId) : rooms.room(workshopId));
    if (actor.kind === "facilitator" && sessionToken)
      socket.join([
        facilitatorRooms.session(sessionToken),
        facilitatorRooms.facilitator(actor.facilitatorId),
        facilitatorRooms.onWorkshop(workshopId, actor.facilitatorId),
      ]);
    if (actor.kind === "display") socket.join(rooms.displays(workshopId));
    if (actor.kind === "participant") {
      nextSlice = (nextSlice + 1) % PHONE_SLICES;
      socket.join([
        rooms.participant(workshopId, actor.participantId),
        rooms.participants(workshopId),
        rooms.phoneSlice(workshopId, nextSlice),
      ]);
    }
    const label = actorLabel(actor);

    // Every incoming message counts against the sender's rate limit, unknown events included
    // (Socket.IO runs `onAny` listeners before middlewares, so unknown events are answered here).
    socket.use(([event, ...args], next) => {
      const ack = args.at(-1);
      const answer = (result: Result<never>) => typeof ack === "function" && ack(result);
      if (!messages.take(label)) return answer(fail("rate_limited", "Too many messages; slow down a little."));
      if ((CLIENT_EVENTS as readonly string[]).includes(event)) return next();
      answer(fail("unknown_event", `Unknown event "${String(event).slice(0, 64)}".`));
    });

    /**
     * Each message type answered by exactly one service call, whose result must be the protocol's
     * answer to it. The payload stays `unknown`: the service parses it with the protocol's schema.
     */
    const commands: { [E in ClientEvent]: (payload: unknown) => AckResult<E> | Promise<AckResult<E>> } = {
      "workshop:sync": (p) => services.room.sync(workshopId, audience, p, actor),
      "workshop:setStatus": (p) => services.workshops.setStatus(actor, workshopId, p),
      "participant:updateProfile": (p) => services.participants.updateProfile(actor, p),
      "agenda:addStep": (p) => services.agenda.addStep(actor, workshopId, p),
      "agenda:renameStep": (p) => services.agenda.renameStep(actor, workshopId, p),
      "agenda:moveStep": (p) => services.agenda.moveStep(actor, workshopId, p),
      "agenda:removeStep": (p) => services.agenda.removeStep(actor, workshopId, p),
      "agenda:goToStep": (p) => services.agenda.goToStep(actor, workshopId, p),
      "agenda:timer": (p) => services.agenda.timer(actor, workshopId, p),
      "agenda:setOpenChallenges": (p) => services.agenda.setOpenChallenges(actor, workshopId, p),
      "agenda:setStepDay": (p) => services.agenda.setStepDay(actor, workshopId, p),
      "contribution:submit": (p) => services.contributions.submit(actor, workshopId, p),
      "contribution:edit": (p) => services.contributions.edit(actor, workshopId, p),
      "contribution:withdraw": (p) => services.contributions.withdraw(actor, workshopId, p),
      "moderation:hide": (p) => services.moderation.hide(actor, workshopId, p),
      "moderation:unhide": (p) => services.moderation.unhide(actor, workshopId, p),
      "moderation:edit": (p) => services.moderation.edit(actor, workshopId, p),
      "moderation:merge": (p) => services.moderation.merge(actor, workshopId, p),
      "moderation:moveSolution": (p) => services.moderation.moveSolution(actor, workshopId, p),
      "moderation:pin": (p) => services.moderation.pin(actor, workshopId, p),
      "moderation:hideImpact": (p) => services.moderation.hideImpact(actor, workshopId, p),
      "vote:set": (p) => services.voting.queueVote(actor, workshopId, p),
      "vote:settings": (p) => services.voting.setSettings(actor, workshopId, p),
      "vote:reveal": (p) => services.voting.reveal(actor, workshopId, p),
      "vote:showResults": (p) => services.voting.showResults(actor, workshopId, p),
      "recommendation:save": (p) => services.recommendations.save(actor, workshopId, p),
      "recommendation:remove": (p) => services.recommendations.remove(actor, workshopId, p),
      "recommendation:move": (p) => services.recommendations.move(actor, workshopId, p),
      "recommendation:endorse": (p) => services.recommendations.endorse(actor, workshopId, p),
      "note:save": (p) => services.notes.save(actor, workshopId, p),
      "moderation:history": (p) => services.moderation.history(actor, workshopId, p),
    };

    for (const event of CLIENT_EVENTS) {
      // The arguments are taken as unknown: the payload is unknown until the service's zod schema
      // has parsed it, and a client may send no payload or no ack at all.
      socket.on(event, (...args: unknown[]) => {
        const last = args.at(-1);
        if (typeof last !== "function") return; // Nobody to answer: the protocol requires emitWithAck.
        const ack = last as (answer: unknown) => void;
        const payload = args.length > 1 ? args[0] : undefined;
        const failed = (error: unknown) => {
          log(`socket event ${event} failed`, error);
          ack(fail("internal", "Something went wrong; nothing was changed."));
        };
        // Answered as soon as the service answers: at once when it is synchronous, after the commit
        // when it queues (a vote) — no promise made per message where the service makes none.
        let answer: unknown;
        try {
          answer = commands[event](payload);
        } catch (error) {
          return failed(error);
        }
        if (answer instanceof Promise) answer.then(ack, failed);
        else ack(answer);
      });
    }
  });

  // A facilitator who logs out (or out everywhere) is disconnected at once, on every open page.
  sessions.onSessionsEnded((ended) => {
    const sockets =
      "token" in ended
        ? io.to(facilitatorRooms.session(ended.token))
        : io
            .to(facilitatorRooms.facilitator(ended.facilitatorId))
            .except(ended.except ? facilitatorRooms.session(ended.except) : []);
    sockets.emit("session:revoked", { code: "unauthenticated", message: "You were logged out." });
    sockets.disconnectSockets(true);
  });

  const tallies = createTallyCoalescer(
    io,
    services,
    {
      screens: options.tallyIntervalMs ?? TALLY_INTERVAL_MS,
      phones: options.phoneTallyIntervalMs ?? PHONE_TALLY_INTERVAL_MS,
    },
    log,
    options.adapter ? (workshopId) => io.serverSideEmit("votesChanged", workshopId) : undefined,
  );
  const endorsementCounts = createEndorsementCoalescer(
    io,
    services,
    options.tallyIntervalMs ?? TALLY_INTERVAL_MS,
    log,
    options.adapter ? (workshopId) => io.serverSideEmit("endorsementsChanged", workshopId) : undefined,
  );
  // Another node took votes or endorsements: this one's screens get the totals too, read here.
  io.on("votesChanged", (workshopId) => tallies.markDirty(workshopId));
  io.on("endorsementsChanged", (workshopId) => endorsementCounts.markDirty(workshopId));

  /**
   * Per workshop, the end of the chain of events being sent: the room's settings (which shape each
   * event for it) are read from the database, so each batch waits for the one before and a
   * workshop's events go out in the order they were committed.
   */
  const sending = new Map<string, Promise<void>>();
  const publisher: Publish = {
    events(workshopId, events) {
      const send = async () => {
        const settings = await services.room.settings(workshopId);
        if (!settings) return;
        for (const event of events) {
          io.to(rooms.facilitators(workshopId)).emit("workshop:event", event);
          io.to(rooms.room(workshopId)).emit("workshop:event", eventForAudience(event, "room", settings));
        }
      };
      const next = (sending.get(workshopId) ?? Promise.resolve())
        .then(send)
        .catch((error) => log(`events of workshop ${workshopId} were not sent`, error));
      sending.set(workshopId, next);
      return next.then(() => {
        if (sending.get(workshopId) === next) sending.delete(workshopId);
      });
    },
    votesChanged(workshopId) {
      tallies.changedHere(workshopId);
    },
    endorsementsChanged(workshopId) {
      endorsementCounts.changedHere(workshopId);
    },
    // Saves are debounced by the editor, so each is sent as it is: to the facilitators' room only.
    notesChanged(workshopId, note) {
      io.to(rooms.facilitators(workshopId)).emit("workshop:note", note);
    },
    displaysRevoked(workshopId) {
      io.to(rooms.displays(workshopId)).emit("session:revoked", {
        code: "unauthenticated",
        message: "This display link was replaced.",
      });
      io.in(rooms.displays(workshopId)).disconnectSockets(true);
    },
    participantRemoved(workshopId, participantId) {
      // Their token no longer works: the phone is told why, then dropped (it must not reconnect forever).
      const room = participantId === "everyone" ? rooms.participants(workshopId) : rooms.participant(workshopId, participantId);
      io.to(room).emit("session:revoked", {
        code: "unauthenticated",
        message: "You were removed from this workshop.",
        reason: { key: REMOVED_REASON },
      });
      io.in(room).disconnectSockets(true);
    },
    // Removed from the team: every page they have open on this workshop loses it at once.
    facilitatorRemoved(workshopId, facilitatorId) {
      const room = facilitatorRooms.onWorkshop(workshopId, facilitatorId);
      io.to(room).emit("session:revoked", { code: "forbidden", message: "You were removed from this workshop's team." });
      io.in(room).disconnectSockets(true);
    },
    workshopDeleted(workshopId) {
      const everyone = [rooms.facilitators(workshopId), rooms.room(workshopId)];
      io.to(everyone).emit("session:revoked", { code: "not_found", message: "This workshop was deleted." });
      io.in(everyone).disconnectSockets(true);
    },
  };

  return {
    io,
    publisher,
    /**
     * Stops sending totals and closes every socket. It resolves once the totals and events being
     * read are sent: after it, nothing here reads the database, which may be closed next.
     */
    close: async () => {
      await Promise.all([tallies.stop(), endorsementCounts.stop(), ...sending.values()]);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
