import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { HELICES, ROLES } from "../../app/domain/helix";
import { startChild } from "../../scripts/lib/start-child";
import { expect, test } from "./fixtures";
import { form, type HttpAnswer, type HttpTargets, httpCase, send, setCookies } from "./fuzz/http";
import { type IdPool, Rng, seedFrom } from "./fuzz/random";
import {
  ACK_TIMEOUT_MS,
  type ActorKind,
  ask,
  connect,
  describeCase,
  type FuzzActor,
  type SocketCase,
  socketCase,
} from "./fuzz/sockets";

/**
 * Fuzz over every socket message of the protocol and every form action, against a private server
 * (its process must never exit, its database must stay whole). A seeded generator: FUZZ_SEED
 * replays a run, FUZZ_N sets how many payloads (half socket messages, half HTTP requests).
 *
 * What counts as an answer:
 * - a socket message sent with an ack: a `Result` within ACK_TIMEOUT_MS — `{ ok: true, data }` or
 *   `{ ok: false, error: { code, message } }` with a known code other than "internal" (a caught
 *   exception is a crash that was caught). A payload the protocol's schema refuses must never be
 *   answered `ok: true`. A message without an ack gets no answer, and its socket must stay up.
 * - a socket frame over the server's 16 KiB frame limit: the server closes that connection (sent
 *   on a connection of its own); any other drop of a fuzzing socket is a failure.
 * - an HTTP request: a status below 500 within 15 s; a body over the 64 KiB limit, or a request
 *   line and headers near Node's 16 KiB, may instead see its connection closed (after a 413 / 431).
 * The private server runs as if behind one proxy (TRUST_PROXY=1) and each fuzzed request says it
 * comes from one of many addresses, so the per-address rate limits stay in force (429 is an answer)
 * without turning every later payload into a 429. Messages are paced under the per-actor limit.
 */
const SEED = seedFrom(process.env.FUZZ_SEED, 20_261_129);
const N = Number(process.env.FUZZ_N ?? 2000);
if (!Number.isInteger(N) || N < 50) throw new Error(`FUZZ_N must be a whole number of at least 50, not ${process.env.FUZZ_N}`);
const REPLAY = `FUZZ_SEED=${SEED} FUZZ_N=${N}`;
const PASSWORD = "correct horse battery";
/** Messages one actor sends per window: under the server's 120 every 10 s. */
const PACE = { messages: 110, windowMs: 10_500 };
const OPEN_WORKSHOPS = 4;
const PHONES = 4;

let server: ReturnType<typeof startChild>;
let base = "";
let dataDir = "";
let dbPath = "";
let stderr = "";

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "helix-review-fuzz-"));
  dbPath = join(dataDir, "fuzz.sqlite");
  server = startChild(
    ["--import", "tsx", "server.ts"],
    { NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_PATH: dbPath, TRUST_PROXY: "1" },
    { timeoutMs: 60_000 },
  );
  server.child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  base = await server.url;
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// ── Set-up through the real entry points ────────────────────────────────────────────────────────
let address = 0;
const nextAddress = () => {
  address += 1;
  return `10.200.${(address >> 8) & 255}.${address & 255}`;
};
const post = (path: string, fields: Record<string, string | string[]>, cookie?: string) =>
  send(base, {
    method: "POST",
    path,
    headers: {
      Origin: base,
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": nextAddress(),
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: form(fields),
  });
const statusOf = (a: HttpAnswer) => ("error" in a ? a.error : a.status);
const location = (a: HttpAnswer) => ("error" in a ? "" : String(a.headers.location ?? ""));

async function signUp(name: string) {
  const email = `fuzz-${name}-${randomUUID()}@example.org`;
  const answer = await post("/signup", { name, email, password: PASSWORD });
  expect(statusOf(answer)).toBe(302);
  const cookie = setCookies(answer).find((c) => c.startsWith("hr_session="));
  if (!cookie) throw new Error("no session cookie after sign-up");
  return { email, cookie };
}

async function logIn(email: string) {
  const answer = await post("/login", { email, password: PASSWORD });
  expect(statusOf(answer)).toBe(302);
  const cookie = setCookies(answer).find((c) => c.startsWith("hr_session="));
  if (!cookie) throw new Error("no session cookie after log-in");
  return cookie;
}

function readDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

async function newWorkshop(cookie: string, title: string) {
  const answer = await post(
    "/workshops/new",
    { title, hostOrganisation: "MediKlaszter", anonymity: "named", roles: [...ROLES] },
    cookie,
  );
  expect(statusOf(answer)).toBe(302);
  const id = location(answer).split("/").pop() ?? "";
  const row = readDb(
    (db) =>
      db.prepare("select join_code as joinCode, display_token as displayToken from workshops where id = ?").get(id) as {
        joinCode: string;
        displayToken: string;
      },
  );
  return { id, title, ...row };
}

async function joinPhone(code: string, workshopId: string, name: string, helix: string) {
  const answer = await post(`/j/${code}`, { displayName: name, helix, role: "local_stakeholder", joinKey: randomUUID() });
  expect(statusOf(answer)).toBe(302);
  const cookie = setCookies(answer).find((c) => c.startsWith(`hr_p_${workshopId}=`));
  if (!cookie) throw new Error("no participant cookie after joining");
  return cookie;
}

type Answer = { ok: boolean; data?: unknown; error?: { code?: unknown; message?: unknown } };
async function must<T>(socket: FuzzActor["socket"], event: string, payload: unknown): Promise<T> {
  const answer = (await ask(socket, event, payload)) as Answer;
  if (!answer?.ok) throw new Error(`${event} ${JSON.stringify(payload)} was refused: ${JSON.stringify(answer)}`);
  return answer.data as T;
}

async function openActor(kind: ActorKind, label: string, workshopId: string, auth: Record<string, string>, cookie?: string) {
  const headers = { "X-Forwarded-For": nextAddress(), ...(cookie ? { Cookie: cookie } : {}) };
  const socket = await connect(base, auth, headers);
  const actor: FuzzActor = { label, kind, workshopId, auth, headers, socket, sentAt: [], recent: [] };
  socket.on("disconnect", (reason) => {
    actor.dropped = `${reason}; last sent: ${actor.recent.join(" | ")}`;
  });
  return actor;
}

type Step = { id: string; kind: string };
type FuzzWorkshop = Awaited<ReturnType<typeof newWorkshop>> & {
  facilitator: FuzzActor;
  actors: FuzzActor[];
  /** How many messages of each event this workshop's actors had accepted. */
  accepted: Map<string, number>;
};

async function addStep(facilitator: FuzzActor, kind: string) {
  const before = new Set(idPool(facilitator.workshopId).steps);
  const { steps } = await must<{ steps: Step[] }>(facilitator.socket, "agenda:addStep", { kind });
  const added = steps.find((s) => !before.has(s.id));
  if (added?.kind !== kind) throw new Error(`agenda:addStep ${kind} added ${JSON.stringify(added)}`);
  return added.id;
}

/** A live workshop at a contribution step, with phones that have contributed and a projector. */
async function setUpWorkshop(name: string): Promise<FuzzWorkshop> {
  const account = await signUp(name);
  const workshop = await newWorkshop(account.cookie, `Fuzz workshop ${name}`);
  const facilitator = await openActor(
    "facilitator",
    `${name}/facilitator`,
    workshop.id,
    { as: "facilitator", workshopId: workshop.id },
    account.cookie,
  );
  await must(facilitator.socket, "workshop:setStatus", { status: "live" });
  const collect = await addStep(facilitator, "collect_challenges");
  for (const kind of ["vote_challenges", "collect_solutions", "vote_solutions", "recommendations"])
    await addStep(facilitator, kind);
  await must(facilitator.socket, "agenda:goToStep", { stepId: collect });
  const actors = [facilitator];
  for (let i = 0; i < PHONES; i++) {
    const cookie = await joinPhone(workshop.joinCode, workshop.id, `Phone ${i}`, HELICES[i % HELICES.length]);
    const phone = await openActor(
      "participant",
      `${name}/phone${i}`,
      workshop.id,
      { as: "participant", workshopId: workshop.id },
      cookie,
    );
    await must(phone.socket, "contribution:submit", {
      kind: "challenge",
      clientId: randomUUID(),
      title: `Challenge of phone ${i}`,
    });
    actors.push(phone);
  }
  await must(facilitator.socket, "recommendation:save", {
    clientId: randomUUID(),
    title: "Fund a rural pilot",
    owner: { kind: "helix", helix: "government" },
    priority: "high",
  });
  actors.push(
    await openActor("display", `${name}/display`, workshop.id, {
      as: "display",
      workshopId: workshop.id,
      displayToken: workshop.displayToken,
    }),
  );
  return { ...workshop, facilitator, actors, accepted: new Map() };
}

function idPool(workshopId: string): IdPool {
  return readDb((db) => {
    const ids = (sql: string) => (db.prepare(sql).all(workshopId) as { id: string }[]).map((r) => r.id);
    return {
      steps: ids("select id from agenda_steps where workshop_id = ?"),
      contributions: ids("select id from contributions where workshop_id = ?"),
      recommendations: ids("select id from recommendations where workshop_id = ?"),
    };
  });
}

/** Everything the control workshop holds (bar when its phones were last seen): no refused payload may change it. */
function snapshot(workshopId: string): string {
  return readDb((db) => {
    const q = (sql: string) => db.prepare(sql).all(workshopId);
    return JSON.stringify({
      workshop: q("select * from workshops where id = ?"),
      steps: q("select * from agenda_steps where workshop_id = ? order by id"),
      contributions: q("select * from contributions where workshop_id = ? order by id"),
      revisions: q(
        "select r.* from contribution_revisions r join contributions c on c.id = r.contribution_id where c.workshop_id = ? order by r.id",
      ),
      votes: q("select * from votes where workshop_id = ? order by step_id, participant_id, contribution_id"),
      voteRequests: q(
        "select v.* from vote_requests v join participants p on p.id = v.participant_id where p.workshop_id = ? order by 1, 2",
      ),
      recommendations: q("select * from recommendations where workshop_id = ? order by id"),
      links: q(
        "select l.* from recommendation_links l join recommendations r on r.id = l.recommendation_id where r.workshop_id = ? order by 1, 2",
      ),
      endorsements: q("select * from endorsements where workshop_id = ? order by 1, 2"),
      participants: q(
        "select id, display_name, helix, role, organisation, country, language, token_hash, join_key, joined_at from participants where workshop_id = ? order by id",
      ),
      events: q("select count(*) as n, max(seq) as last from events where workshop_id = ?"),
    });
  });
}

/**
 * The server's stderr as entries (a line and the indented stack under it). Requests Remix's router
 * refuses with a 4xx (no action on that route, a method it does not take) are answered and not
 * logged (handleError in entry.server.tsx); Remix's deprecation note on a resource route is allowed.
 */
function stderrEntries(): string[] {
  const entries: string[] = [];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes, as Node prints stacks on a terminal.
  for (const line of stderr.replace(/\x1b\[[0-9;]*m/g, "").split("\n")) {
    if (/^\s/.test(line) && entries.length > 0) entries[entries.length - 1] += `\n${line}`;
    else if (line.trim()) entries.push(line);
  }
  return entries;
}
const isRouterNote = (entry: string) => entry.startsWith("⚠️ REMIX FUTURE CHANGE");
const serverErrors = () => stderrEntries().filter((e) => !isRouterNote(e));
const routerNotes = () => stderrEntries().filter(isRouterNote).length;

const count = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const KNOWN_CODES = new Set([
  "validation",
  "not_found",
  "forbidden",
  "unauthenticated",
  "conflict",
  "workshop_closed",
  "profile_locked",
  "rate_limited",
  "unknown_event",
]);

/** Whether a socket answer is what the protocol promises for this case (null), or what is wrong. */
function judge(c: SocketCase, answer: unknown): { bucket: string; failure: string | null } {
  const a = answer as Answer;
  if (!a || typeof a !== "object" || typeof a.ok !== "boolean") return { bucket: "malformed", failure: "not a Result" };
  if (a.ok) {
    if (c.schemaAccepts === false) return { bucket: "ok", failure: "accepted a payload its schema refuses" };
    if (c.schemaAccepts === null) return { bucket: "ok", failure: "accepted an event that is not in the protocol" };
    return { bucket: "ok", failure: null };
  }
  const code = a.error?.code;
  if (typeof code !== "string" || typeof a.error?.message !== "string")
    return { bucket: "malformed", failure: "an error without code and message" };
  if (code === "internal") return { bucket: "internal", failure: "answered internal: the server threw" };
  if (!KNOWN_CODES.has(code)) return { bucket: `refused:${code}`, failure: `unknown error code ${code}` };
  if (c.schemaAccepts === null && code !== "unknown_event" && code !== "rate_limited")
    return { bucket: `refused:${code}`, failure: "an unknown event not answered unknown_event" };
  return { bucket: `refused:${code}`, failure: null };
}

/** Waits until this actor may send without reaching the server's per-actor message limit. */
async function paced(actor: FuzzActor) {
  for (;;) {
    const now = Date.now();
    actor.sentAt = actor.sentAt.filter((t) => now - t < PACE.windowMs);
    if (actor.sentAt.length < PACE.messages) {
      actor.sentAt.push(now);
      return;
    }
    await sleep(PACE.windowMs - (now - actor.sentAt[0]) + 5);
  }
}

let connectRetries = 0;
/** A connection of its own for one message; a busy machine may miss the connect timeout, so it tries thrice. */
async function connectRetrying(actor: FuzzActor) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect(base, actor.auth, { ...actor.headers, "X-Forwarded-For": nextAddress() });
    } catch (error) {
      if ((error as { code?: string }).code !== undefined || attempt === 3) throw error;
      connectRetries += 1;
    }
  }
}

/** Sends one fuzzed message and says what came back (the bucket) or what went wrong. */
async function runSocketCase(c: SocketCase): Promise<{ bucket: string; failure: string | null }> {
  await paced(c.actor);
  if (c.frame !== "under") {
    // Over the frame limit: the server closes the connection, so this one goes on a connection of its own.
    const socket = await connectRetrying(c.actor);
    try {
      const outcome = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve("timeout"), ACK_TIMEOUT_MS);
        socket.once("disconnect", (reason) => {
          clearTimeout(timer);
          resolve(`closed:${reason}`);
        });
        socket.emit(c.event as string, ...c.args, (answer: unknown) => {
          clearTimeout(timer);
          resolve(`answered:${JSON.stringify(answer).slice(0, 200)}`);
        });
      });
      if (outcome.startsWith("closed")) return { bucket: "closed: frame over 16 KiB", failure: null };
      if (c.frame === "near" && outcome.startsWith("answered")) return judge(c, JSON.parse(outcome.slice("answered:".length)));
      return { bucket: "frame over limit not closed", failure: `a frame over the limit: ${outcome}` };
    } finally {
      socket.close();
    }
  }
  const { socket } = c.actor;
  c.actor.recent = [...c.actor.recent.slice(-4), describeCase(c)];
  if (!c.ack) {
    socket.emit(c.event as string, ...c.args);
    return { bucket: "sent without ack", failure: null };
  }
  const answer = await new Promise<unknown>((resolve) => {
    const timer = setTimeout(() => resolve(TIMEOUT), ACK_TIMEOUT_MS);
    socket.emit(c.event as string, ...c.args, (a: unknown) => {
      clearTimeout(timer);
      resolve(a);
    });
  });
  if (answer === TIMEOUT) return { bucket: "timeout", failure: `no answer within ${ACK_TIMEOUT_MS} ms` };
  return judge(c, answer);
}
const TIMEOUT = Symbol("timeout");

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>) {
  const iterator = items[Symbol.iterator]();
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
    }),
  );
}

test(`fuzzed socket messages and form posts are all answered, change nothing they should not, and leave the server working (${REPLAY})`, async () => {
  test.setTimeout(120_000 + N * 50);
  console.log(`fuzz: ${REPLAY} (set these to replay this run)`);

  // ── Set-up: open workshops (anything goes), a control workshop (refused payloads only), an HTTP one.
  const open: FuzzWorkshop[] = [];
  for (let i = 0; i < OPEN_WORKSHOPS; i++) open.push(await setUpWorkshop(`open${i}`));
  const control = await setUpWorkshop("control");
  const controlBefore = snapshot(control.id);
  const httpAccount = await signUp("http");
  const victim = await signUp("victim");
  let httpCookie = httpAccount.cookie;
  const httpWorkshop = await newWorkshop(httpCookie, "Fuzz workshop over HTTP");
  /** What no payload may change (the HTTP workshop's projector link may be replaced: a form does that). */
  const identities = () =>
    readDb(
      (db) =>
        db
          .prepare("select id, title, host_organisation, join_code, display_token, settings from workshops order by id")
          .all() as { id: string; display_token: string }[],
    ).map((w) => (w.id === httpWorkshop.id ? { ...w, display_token: "(may be replaced)" } : w));
  const identitiesBefore = identities();
  const stepsBefore = new Map(open.map((w) => [w.id, idPool(w.id)]));
  const targets: HttpTargets = {
    base,
    facilitatorCookie: () => httpCookie,
    participantCookie: await joinPhone(httpWorkshop.joinCode, httpWorkshop.id, "HTTP phone", "academia"),
    workshopId: httpWorkshop.id,
    joinCode: httpWorkshop.joinCode,
    displayToken: httpWorkshop.displayToken,
    foreignWorkshopId: control.id,
    victimEmail: victim.email,
  };

  const socketN = Math.round(N / 2);
  const httpN = N - socketN;
  const socketBuckets = new Map<string, number>();
  const socketByKind = new Map<ActorKind, Map<string, number>>(
    (["participant", "facilitator", "display"] as const).map((kind) => [kind, new Map()]),
  );
  const httpBuckets = new Map<string, number>();
  const failures: string[] = [];
  const serverCpuMs = async () => {
    const answer = await send(base, { method: "GET", path: "/healthz?metrics", headers: {} });
    return "error" in answer ? Number.NaN : (JSON.parse(answer.body) as { cpuMs: number }).cpuMs;
  };
  const cpuBefore = await serverCpuMs();
  const started = Date.now();

  // ── Socket messages ──
  const socketRng = new Rng(SEED);
  const pools = new Map<string, IdPool>();
  function* socketCases() {
    for (let i = 0; i < socketN; i++) {
      const workshop = socketRng.chance(0.25) ? control : socketRng.pick(open);
      if (i % 100 === 0) for (const w of [...open, control]) pools.set(w.id, idPool(w.id));
      const kind = socketRng.weighted<ActorKind>([
        [4, "facilitator"],
        [5, "participant"],
        [1, "display"],
      ]);
      // The actor of that kind with the most of its budget left (chosen by load, not by the seed).
      const actor = workshop.actors
        .filter((a) => a.kind === kind)
        .reduce((best, a) => (a.sentAt.length < best.sentAt.length ? a : best));
      yield socketCase(socketRng, i, actor, pools.get(workshop.id) ?? idPool(workshop.id), workshop === control);
    }
  }
  const socketRun = pool(socketCases(), 48, async (c) => {
    const verdict = await runSocketCase(c).catch((error: Error) => ({ bucket: "error", failure: error.message }));
    count(socketBuckets, verdict.bucket);
    count(socketByKind.get(c.actor.kind) as Map<string, number>, verdict.bucket);
    if (verdict.bucket === "ok" && typeof c.event === "string") {
      const workshop = [...open, control].find((w) => w.id === c.actor.workshopId);
      if (workshop) count(workshop.accepted, c.event);
    }
    if (verdict.failure) failures.push(`socket ${describeCase(c)}: ${verdict.failure}`);
  });

  // ── HTTP requests ──
  const httpRng = new Rng((SEED ^ 0x9e3779b9) >>> 0);
  let renewing: Promise<void> | null = null;
  const renewSession = () => {
    renewing ??= (async () => {
      const check = await send(base, { method: "GET", path: "/workshops", headers: { Cookie: httpCookie } });
      if (statusOf(check) !== 200) httpCookie = await logIn(httpAccount.email);
    })().finally(() => {
      renewing = null;
    });
    return renewing;
  };
  function* httpCases() {
    for (let i = 0; i < httpN; i++) yield { index: i, c: httpCase(httpRng, targets) };
  }
  const slowest: { ms: number; what: string }[] = [];
  let socketMs = 0;
  let httpMs = 0;
  const httpRun = pool(httpCases(), 8, async ({ index, c }) => {
    const t0 = Date.now();
    const answer = await send(base, c);
    slowest.push({ ms: Date.now() - t0, what: c.label.slice(0, 120) });
    slowest.sort((a, b) => b.ms - a.ms).splice(8);
    const what = `http #${index} ${c.label.slice(0, 200)}`;
    if ("error" in answer) {
      if (c.oversized && answer.error !== "timeout") count(httpBuckets, "closed: body or headers over the limit");
      else {
        count(httpBuckets, answer.error);
        failures.push(`${what}: ${answer.error}`);
      }
    } else {
      count(httpBuckets, String(answer.status));
      if (answer.status >= 500) failures.push(`${what}: ${answer.status} ${answer.body.slice(0, 200)}`);
    }
    if (c.endsSession) await renewSession();
  });

  await Promise.all([
    socketRun.then(() => (socketMs = Date.now() - started)),
    httpRun.then(() => (httpMs = Date.now() - started)),
  ]);
  const wallMs = Date.now() - started;
  const cpuMs = (await serverCpuMs()) - cpuBefore;

  // ── The server is alive and every fuzzing socket is still up and answering ──
  expect(server.child.exitCode, "the server process exited").toBeNull();
  expect(server.child.signalCode).toBeNull();
  for (const actor of [...open, control].flatMap((w) => w.actors)) {
    if (actor.dropped) failures.unshift(`socket ${actor.label} was disconnected: ${actor.dropped}`);
    else {
      const answer = (await ask(actor.socket, "workshop:sync", { lastSeq: 0 }).catch((e: Error) => e.message)) as Answer;
      if (!answer?.ok) failures.push(`socket ${actor.label} does not answer a sync after the fuzz: ${JSON.stringify(answer)}`);
    }
  }

  // ── Nothing changed that a refused payload should not have changed ──
  const controlAfter = snapshot(control.id);
  expect(controlAfter, "the control workshop got only refused payloads: nothing of it may change").toBe(controlBefore);
  // Workshops the fuzz created over HTTP come on top; the ones that were there are as they were.
  expect(identities().filter((w) => identitiesBefore.some((b) => b.id === w.id))).toEqual(identitiesBefore);
  for (const w of open) {
    const before = stepsBefore.get(w.id) as IdPool;
    const after = idPool(w.id);
    const accepted = (event: string) => w.accepted.get(event) ?? 0;
    expect(after.contributions.length - before.contributions.length).toBeLessThanOrEqual(accepted("contribution:submit"));
    expect(after.recommendations.length - before.recommendations.length).toBeLessThanOrEqual(accepted("recommendation:save"));
    expect(after.steps.length - before.steps.length).toBeLessThanOrEqual(accepted("agenda:addStep"));
  }

  // ── Legitimate writes still work: a phone contributes and votes, the facilitator moves the agenda ──
  for (const w of [open[0], control]) {
    const { facilitator } = w;
    await must(facilitator.socket, "workshop:setStatus", { status: "live" });
    const collect = await addStep(facilitator, "collect_challenges");
    await must(facilitator.socket, "agenda:goToStep", { stepId: collect });
    const cookie = await joinPhone(w.joinCode, w.id, "After the fuzz", "community");
    const phone = await openActor("participant", `${w.title}/after`, w.id, { as: "participant", workshopId: w.id }, cookie);
    const contribution = await must<{ id: string; title: string }>(phone.socket, "contribution:submit", {
      kind: "challenge",
      clientId: randomUUID(),
      title: "Written after the fuzz",
    });
    expect(contribution.title).toBe("Written after the fuzz");
    const vote = await addStep(facilitator, "vote_challenges");
    await must(facilitator.socket, "agenda:goToStep", { stepId: vote });
    await must(phone.socket, "vote:set", { clientId: randomUUID(), contributionId: contribution.id, points: 1 });
    await must(facilitator.socket, "agenda:goToStep", { stepId: collect });
    const stored = readDb((db) => ({
      contribution: db.prepare("select title from contributions where id = ?").get(contribution.id),
      votes: db.prepare("select points from votes where step_id = ? and contribution_id = ?").all(vote, contribution.id),
      current: db.prepare("select current_step_id as id from workshops where id = ?").get(w.id),
    }));
    expect(stored).toEqual({
      contribution: { title: "Written after the fuzz" },
      votes: [{ points: 1 }],
      current: { id: collect },
    });
    phone.socket.close();
  }
  expect(statusOf(await send(base, { method: "GET", path: "/healthz", headers: {} }))).toBe(200);
  expect(readDb((db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");

  // ── The figures, and the verdict ──
  const figures = {
    seed: SEED,
    payloads: { socket: socketN, http: httpN },
    socketAnswers: Object.fromEntries([...socketBuckets].sort()),
    socketAnswersByKind: Object.fromEntries(
      [...socketByKind].map(([kind, buckets]) => [kind, Object.fromEntries([...buckets].sort())]),
    ),
    httpAnswers: Object.fromEntries([...httpBuckets].sort()),
    crashes: server.child.exitCode === null ? 0 : 1,
    failures: failures.length,
    serverStderr: { deprecationNotes: routerNotes(), otherEntries: serverErrors().length },
    wallSeconds: {
      total: Math.round(wallMs / 100) / 10,
      socket: Math.round(socketMs / 100) / 10,
      http: Math.round(httpMs / 100) / 10,
    },
    connectRetries,
    serverCpuSeconds: Math.round(cpuMs / 100) / 10,
    slowestHttp: slowest,
  };
  console.log(`fuzz figures: ${JSON.stringify(figures, null, 2)}`);
  writeFileSync(test.info().outputPath("server-stderr.txt"), stderr);
  writeFileSync(test.info().outputPath("failures.txt"), failures.join("\n"));
  expect(failures.slice(0, 30), `${failures.length} failures; replay with ${REPLAY}`).toEqual([]);
  expect(serverErrors().slice(0, 10), "the server's stderr: nothing but Remix's deprecation notes").toEqual([]);
  for (const actor of [...open, control].flatMap((w) => w.actors)) actor.socket.close();
});
