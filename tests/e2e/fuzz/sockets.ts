import { io, type Socket } from "socket.io-client";
import { CLIENT_EVENTS, type ClientEvent, clientCommands } from "../../../app/realtime/protocol";
import { asReceived, type IdPool, mutate, NASTY_STRINGS, ONE_MB, type Rng, validFor } from "./random";

/** The largest Socket.IO frame the server reads (MAX_MESSAGE_BYTES): a larger one closes the connection. */
export const FRAME_LIMIT = 16 * 1024;
/** Frames this close to the limit may go either way (the packet header's size varies). */
const FRAME_MARGIN = 64;
export const ACK_TIMEOUT_MS = 10_000;

export type ActorKind = "participant" | "facilitator" | "display";

export type FuzzActor = {
  label: string;
  kind: ActorKind;
  workshopId: string;
  auth: Record<string, string>;
  headers: Record<string, string>;
  socket: Socket;
  /** When it sent its recent messages: the server allows 120 every 10 s per actor. */
  sentAt: number[];
  /** Set when the persistent socket dropped: the fuzz fails. */
  dropped?: string;
  /** The last cases sent on the persistent socket (what to look at if it dropped). */
  recent: string[];
};

/** Opens a socket as the app's client does (websocket, cookies and origin of the page), or says why not. */
export function connect(base: string, auth: Record<string, string>, headers: Record<string, string>) {
  const socket = io(base, {
    transports: ["websocket"],
    auth,
    extraHeaders: { Origin: base, ...headers },
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
  });
  return new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(Object.assign(new Error(`connect refused: ${error.data?.code ?? error.message}`), { code: error.data?.code }));
    });
  });
}

/** Sends one message and waits for its answer (or a timeout, which the caller counts as a failure). */
export function ask(socket: Socket, event: string, payload: unknown, timeoutMs = ACK_TIMEOUT_MS) {
  return new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.emit(event, payload, (answer: unknown) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

export type SocketCase = {
  index: number;
  actor: FuzzActor;
  event: string | number;
  /** The arguments after the event name; the ack (if any) is added when sending. */
  args: unknown[];
  ack: boolean;
  /** Whether the protocol's schema accepts what the server will receive (null: not a protocol event). */
  schemaAccepts: boolean | null;
  /** "over": the frame is over the limit (the connection is closed); "near": either outcome. */
  frame: "under" | "near" | "over";
  shape: string;
};

const PHONE_EVENTS: readonly ClientEvent[] = [
  "workshop:sync",
  "participant:updateProfile",
  "contribution:submit",
  "contribution:edit",
  "contribution:withdraw",
  "vote:set",
  "recommendation:endorse",
];
/** What each kind of socket may send (most messages are these, so they reach the rules past "forbidden"). */
const OWN_EVENTS: Record<ActorKind, readonly ClientEvent[]> = {
  participant: PHONE_EVENTS,
  display: ["workshop:sync"],
  facilitator: CLIENT_EVENTS.filter((e) => e === "workshop:sync" || !PHONE_EVENTS.includes(e)),
};

const UNKNOWN_EVENTS: readonly (string | number)[] = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "WORKSHOP:SYNC",
  " workshop:sync",
  "workshop:sync\u0000",
  "vote:set:extra",
  "",
  "🧬",
  "x".repeat(300),
  42,
  0,
  -1,
];

/** The size of the text frame Socket.IO sends for these arguments (binary goes in frames of its own). */
function frameBytes(event: string | number, args: unknown[]): number {
  const buffers: number[] = [];
  // A real Buffer goes in a frame of its own; an object that only looks like one (a mutated copy) is text.
  const text = JSON.stringify([event, ...args], function (this: Record<string, unknown>, key, v) {
    const original = this[key];
    if (Buffer.isBuffer(original)) {
      buffers.push(original.length);
      return { _placeholder: true, num: buffers.length - 1 };
    }
    return v;
  });
  return Math.max(Buffer.byteLength(text ?? "") + 12, ...buffers);
}

const accepts = (event: string | number, payload: unknown): boolean | null =>
  typeof event === "string" && (CLIENT_EVENTS as readonly string[]).includes(event)
    ? clientCommands[event as ClientEvent].payload.safeParse(asReceived(payload)).success
    : null;

/**
 * One fuzzed message. `refusedOnly`: only payloads the schema refuses (the control workshop, whose
 * state must not change at all).
 */
export function socketCase(rng: Rng, index: number, actor: FuzzActor, ids: IdPool, refusedOnly: boolean): SocketCase {
  const event = rng.weighted<() => string | number>([
    [70, () => rng.pick(OWN_EVENTS[actor.kind])],
    [24, () => rng.pick(CLIENT_EVENTS)],
    [6, () => rng.pick(UNKNOWN_EVENTS)],
  ])();
  const schema = typeof event === "string" && event in clientCommands ? clientCommands[event as ClientEvent].payload : null;
  const shape = rng.weighted<string>([
    [80, "payload"],
    [4, "no payload"],
    [5, "extra args"],
    [4, "no ack"],
    [4, "binary"],
    [3, "huge"],
  ]);
  const makePayload = () => {
    const valid = schema ? validFor(schema, rng, ids) : { any: rng.pick(NASTY_STRINGS) };
    const fields = typeof valid === "object" && valid ? valid : {};
    if (shape === "binary")
      return rng.weighted<() => unknown>([
        [1, () => Buffer.from(rng.token(rng.between(1, 200)))],
        [1, () => ({ ...fields, [rng.pick(["title", "stepId", "contributionId", "x"])]: Buffer.alloc(rng.between(1, 512), 7) })],
        [1, () => mutate(valid, rng, { binary: true })],
      ])();
    if (shape === "huge") return { ...fields, [rng.pick(["title", "body", "stepId", "extra"])]: ONE_MB };
    return rng.chance(refusedOnly ? 0 : 0.25) ? valid : mutate(valid, rng);
  };
  let payload = makePayload();
  if (refusedOnly && schema) for (let tries = 0; tries < 20 && accepts(event, payload); tries++) payload = mutate(payload, rng);
  if (refusedOnly && schema && accepts(event, payload)) payload = null;
  const args =
    shape === "no payload"
      ? []
      : shape === "extra args"
        ? [payload, ...Array.from({ length: rng.between(1, 4) }, () => rng.pick([payload, null, 1, "x", { ok: true }]))]
        : [payload];
  const size = frameBytes(event, args);
  const frame = size > FRAME_LIMIT + FRAME_MARGIN ? "over" : size > FRAME_LIMIT - FRAME_MARGIN ? "near" : "under";
  return {
    index,
    actor,
    event,
    args,
    ack: shape !== "no ack",
    schemaAccepts: accepts(event, args.length > 0 ? args[0] : undefined),
    frame,
    shape,
  };
}

/** A short, printable description of a case, to replay or read it. */
export function describeCase(c: SocketCase): string {
  const text = JSON.stringify(c.args, (_k, v) =>
    typeof v === "string" && v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v,
  );
  return `#${c.index} ${c.actor.label} ${JSON.stringify(c.event).slice(0, 40)} ${c.shape} ${(text ?? "").slice(0, 300)}`;
}
