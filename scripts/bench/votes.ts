/**
 * `npm run bench -- --participants N [--votes-per-participant K] [--json]`
 * `npm run bench -- --participants N --rate R[,R2,…] [--duration S] [--json]`
 * (either with `--durable-echo`: a second baseline, below)
 *
 * The vote hot path under load, end to end: a workshop in a vote step (seeded through the
 * services into a temporary SQLite file), the real server (server.ts, production build) on a
 * random loopback port, N participants connected with socket.io-client and their real cookies, and
 * a display listening to the coalesced tallies. A bare Socket.IO echo server with the same clients
 * and the same messages gives the baseline, in the same run.
 *
 * - Closed loop (the default): every participant casts K votes as fast as their acks return, all
 *   at once — a hall voting at the same instant.
 * - Open loop (`--rate`): votes arrive at R per second for S seconds, at random instants (a
 *   Poisson process) from participants chosen at random, whether or not earlier votes have been
 *   answered — phones voting at human pace. Latency counts from the instant a vote was due, so a
 *   server that falls behind is charged for the wait. With several rates, each is run in turn and
 *   the last line names the highest rate whose ack p99 stayed within 250 ms.
 *
 * - Several nodes (`--nodes 2`): that many servers on the one database, with a private Redis for
 *   Socket.IO's Redis Streams adapter and the shared rate limits (REDIS_URL), the phones split
 *   between them in turn and the display on the first (issue 15). The echo runs as many processes,
 *   its clients split the same way. CPU, RSS and throughput are summed over the nodes.
 * - `--database postgres`: the servers share a private PostgreSQL the benchmark starts
 *   (DATABASE_URL) instead of the SQLite file; the JSON says which in `database`.
 *
 * - `--durable-echo`: a second baseline, the echo writing each message to a SQLite file (keyed by
 *   its client id, group-committed per turn of the event loop) before it answers: what being
 *   acknowledged only once on disk costs with nothing else of the application around it.
 *
 * `BENCH_SERVER_NODE_ARGS` / `BENCH_ECHO_NODE_ARGS` pass Node flags to the server / the echo (e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`, to compare where each spends its time in one run).
 *
 * Loopback only; bounded in count and time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { type AnyDbHandle, openDatabase } from "../../app/db/client.server";
import { openPostgres } from "../../app/db/postgres.server";
import { HELICES } from "../../app/domain/helix";
import type { TallyUpdate } from "../../app/domain/workshop-state";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { createSessions } from "../../app/sessions.server";
import { migratedDatabases, rowsAt, startPostgres } from "../../tests/support/postgres";
import { startRedis } from "../../tests/support/redis";
import { ensureBuild } from "../ensure-build.mjs";
import { inBatches, parseArgs, peakRssMb, percentile, round, startChild } from "./common";
import { benchFacilitator } from "./seed";

const argsSchema = z.object({
  participants: z.coerce.number().int().min(1).max(10_000).default(1000),
  votesPerParticipant: z.coerce.number().int().min(1).max(20).default(5),
  /** Open loop: votes per second (one rate, or several separated by commas, run in turn). */
  rate: z
    .string()
    .regex(/^\d+(,\d+)*$/, "votes per second, e.g. 2000 or 500,1000,2000")
    .transform((list) => list.split(",").map(Number))
    .refine((rates) => rates.every((r) => r >= 1 && r <= 20_000), "each rate between 1 and 20,000 votes per second")
    .optional(),
  /** Open loop: how long each rate runs, in seconds. */
  duration: z.coerce.number().int().min(1).max(120).default(20),
  /** Open loop: seconds at the first rate before anything is measured (the server's code warms up). */
  warmup: z.coerce.number().int().min(0).max(60).default(3),
  json: z.boolean().default(false),
  connectConcurrency: z.coerce.number().int().min(1).max(500).default(100),
  /** Servers sharing the database and a Redis (the phones split between them). */
  nodes: z.coerce.number().int().min(1).max(4).default(1),
  /** The database the servers share: the embedded SQLite file, or a private PostgreSQL the bench starts. */
  database: z.enum(["sqlite", "postgres"]).default("sqlite"),
  timeoutSeconds: z.coerce.number().int().min(10).max(1800).default(300),
  /** Also run the durable echo (each message committed to a SQLite file before its answer) as a second baseline. */
  durableEcho: z.boolean().default(false),
});

/** The ack p99 an open-loop rate must stay within to count as held (issue 14). */
const OPEN_LOOP_P99_MS = 250;
/** Open loop: each participant spreads 1 or 2 points over the 10 challenges, never past the budget. */
const OPEN_LOOP_BUDGET = 20;

const SESSION_SECRET = "benchmark-secret-benchmark-secret-0123";

/**
 * Where the servers keep the workshop: a SQLite file in `dir`, or a fresh database on a private
 * PostgreSQL (started here, stopped by `stop`). `count` reads a number back once they are done.
 */
async function openStore(kind: "sqlite" | "postgres", dir: string) {
  if (kind === "sqlite") {
    const path = join(dir, "bench.sqlite");
    return {
      env: { DATABASE_PATH: path } as Record<string, string>,
      open: async (): Promise<AnyDbHandle> => openDatabase(path),
      count: async (sql: string, ...params: unknown[]) => {
        const check = openDatabase(path);
        try {
          return Number((check.sqlite.prepare(sql).get(...params) as { n: number }).n);
        } finally {
          check.close();
        }
      },
      stop: async () => {},
    };
  }
  const server = await startPostgres();
  const databases = await migratedDatabases(server);
  const url = await databases.fresh();
  return {
    env: { DATABASE_URL: url } as Record<string, string>,
    open: async (): Promise<AnyDbHandle> => {
      const handle = await openPostgres(url);
      return { db: handle.services, close: handle.close };
    },
    count: async (sql: string, ...params: unknown[]) => Number((await rowsAt<{ n: unknown }>(url, sql, params))[0].n),
    stop: async () => {
      await databases.close();
      await server.stop();
    },
  };
}
type Store = Awaited<ReturnType<typeof openStore>>;

/** A workshop in a challenge-vote step with N participants spread over the four helices. */
async function seed(store: Store, participants: number, votesEach: number, itemCount = Math.max(10, votesEach)) {
  const database = await store.open();
  const services = createServices({ db: database.db, publish: silentPublish });
  const actor = await benchFacilitator(services);
  const workshop = await services.workshops.create(actor, { title: "Vote benchmark", hostOrganisation: "Helix Review" });
  if (!workshop.ok) throw new Error(workshop.error.message);
  const items: string[] = [];
  for (let i = 0; i < itemCount; i++) {
    const result = await services.contributions.submit(actor, workshop.data.id, {
      kind: "challenge",
      clientId: `bench-challenge-${i}`,
      title: `Challenge ${i + 1}`,
    });
    if (!result.ok) throw new Error(result.error.message);
    items.push(result.data.id);
  }
  const tokens: string[] = [];
  for (let i = 0; i < participants; i++) {
    const joined = await services.participants.join(workshop.data.joinCode, { helix: HELICES[i % 4], role: "local_stakeholder" });
    if (!joined.ok) throw new Error(joined.error.message);
    tokens.push(joined.data.token);
  }
  const voteStep = (await services.room.snapshot(workshop.data.id, "facilitator"))?.steps.find(
    (s) => s.kind === "vote_challenges",
  );
  if (!voteStep) throw new Error("no vote step");
  const settings = await services.voting.setSettings(actor, workshop.data.id, {
    stepId: voteStep.id,
    settings: { budget: votesEach, cap: 3 },
  });
  if (!settings.ok) throw new Error(settings.error.message);
  const moved = await services.agenda.goToStep(actor, workshop.data.id, { stepId: voteStep.id });
  if (!moved.ok) throw new Error(moved.error.message);
  await database.close();
  return { workshopId: workshop.data.id, displayToken: workshop.data.displayToken, items, tokens };
}

function connect(url: string, auth: Record<string, string>, cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      auth,
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      extraHeaders: cookie ? { cookie } : undefined,
    });
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(error));
  });
}

/** p50, p95 and p99 of sorted latencies. */
const latency = (sorted: number[]) => ({
  p50: round(percentile(sorted, 50)),
  p95: round(percentile(sorted, 95)),
  p99: round(percentile(sorted, 99)),
});
const sortedCopy = (values: number[]) => [...values].sort((a, b) => a - b);
const p99ByRound = (rounds: number[][]) => rounds.map((r) => round(percentile(sortedCopy(r), 99)));

/** One message and its answer: ok with the vote's counter (votes), or refused with a code. */
type Answer = { ok: true; voteSeq?: number } | { ok: false; code: string };
type Sender = (socket: Socket, participant: number, message: number) => Promise<Answer>;

type LoopResult = {
  /** Ack latencies, sorted. */
  ackMs: number[];
  /** Closed loop: latencies by round (every participant's 1st message, 2nd, …). */
  byRound: number[][];
  acked: { voteSeq: number; at: number }[];
  errorCodes: Map<string, number>;
  errors: number;
  /** From the first message to the last answer. */
  seconds: number;
};

function newLoopResult(rounds = 0): LoopResult {
  return {
    ackMs: [],
    byRound: Array.from({ length: rounds }, () => []),
    acked: [],
    errorCodes: new Map(),
    errors: 0,
    seconds: 0,
  };
}

async function answerOf(sender: Sender, socket: Socket, i: number, j: number): Promise<Answer> {
  // No per-emit timeout (a timer per message costs the generator CPU); the run has a global deadline.
  try {
    return await sender(socket, i, j);
  } catch {
    return { ok: false, code: "timeout" };
  }
}

function record(result: LoopResult, answer: Answer, took: number, round?: number) {
  if (answer.ok) {
    result.ackMs.push(took);
    if (round !== undefined) result.byRound[round].push(took);
    result.acked.push({ voteSeq: answer.voteSeq ?? 0, at: performance.now() });
  } else {
    result.errors++;
    result.errorCodes.set(answer.code, (result.errorCodes.get(answer.code) ?? 0) + 1);
  }
}

/** Closed loop: every client sends `k` messages, each as soon as the previous one is answered. */
async function closedLoop(clients: Socket[], k: number, sender: Sender): Promise<LoopResult> {
  const result = newLoopResult(k);
  const start = performance.now();
  await Promise.all(
    clients.map(async (socket, i) => {
      for (let j = 0; j < k; j++) {
        const sent = performance.now();
        const answer = await answerOf(sender, socket, i, j);
        record(result, answer, performance.now() - sent, j);
      }
    }),
  );
  result.seconds = (performance.now() - start) / 1000;
  result.ackMs.sort((a, b) => a - b);
  return result;
}

/**
 * Open loop: messages due at `rate` per second for `seconds`, at exponentially distributed gaps
 * (Poisson arrivals), each from a client picked at random, sent whether or not earlier ones were
 * answered. A message is timed from the instant it was due, not from when the generator got to
 * send it: a server that falls behind is charged for the wait (no coordinated omission).
 */
async function openLoop(clients: Socket[], rate: number, seconds: number, sender: Sender): Promise<LoopResult> {
  const result = newLoopResult();
  const answers: Promise<void>[] = [];
  const gap = () => (-Math.log(1 - Math.random()) / rate) * 1000;
  const start = performance.now();
  const end = start + seconds * 1000;
  let due = start + gap();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      for (; due <= now && due < end; due += gap()) {
        const at = due;
        const i = Math.floor(Math.random() * clients.length);
        const j = sent++;
        answers.push(answerOf(sender, clients[i], i, j).then((answer) => record(result, answer, performance.now() - at)));
      }
      if (due >= end) return done();
      setTimeout(tick, Math.max(0, Math.min(5, due - now)));
    };
    tick();
  });
  await Promise.all(answers);
  result.seconds = (performance.now() - start) / 1000;
  result.ackMs.sort((a, b) => a - b);
  return result;
}

type ServerMetrics = { cpuMs: number; rssMb: number; eventLoopDelayMs: { p99: number } };
/** The nodes' metrics together: CPU and memory summed, the worst event-loop lag. */
const serverMetrics = async (urls: string[], reset = false): Promise<ServerMetrics> => {
  const each = await Promise.all(
    urls.map(async (url) => (await (await fetch(`${url}/healthz?metrics${reset ? "=reset" : ""}`)).json()) as ServerMetrics),
  );
  return {
    cpuMs: each.reduce((sum, m) => sum + m.cpuMs, 0),
    rssMb: each.reduce((sum, m) => sum + m.rssMb, 0),
    eventLoopDelayMs: { p99: Math.max(...each.map((m) => m.eventLoopDelayMs.p99)) },
  };
};
/** The i-th phone's node: in turn. */
const nodeOf = <T>(nodes: readonly T[], i: number): T => nodes[i % nodes.length];

function countRows(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.prepare(`select count(*) from ${table}`).pluck().get());
  } finally {
    db.close();
  }
}

/** The durable echo's numbers for a run's JSON, when it ran (`--durable-echo`). */
function durableEchoFields(run: { loop: LoopResult; cpuMs: number } | undefined, stored: number | null) {
  if (!run) return {};
  return {
    /** Messages in its file after all its runs (the same in every run's line), as `points_in_db`. */
    baseline_durable_echo_stored: stored,
    baseline_durable_echo_ack_ms: latency(run.loop.ackMs),
    baseline_durable_echo_per_s: round(run.loop.ackMs.length / run.loop.seconds),
    baseline_server_cpu_ms_per_durable_echo: round(run.cpuMs / Math.max(1, run.loop.ackMs.length), 3),
  };
}

async function main() {
  const args = parseArgs(argsSchema, process.argv.slice(2));
  const { participants: n, votesPerParticipant: k } = args;
  const rates = args.rate ?? [];
  const mode = rates.length > 0 ? "open" : "closed";
  const deadline = setTimeout(() => {
    console.error(`Benchmark exceeded ${args.timeoutSeconds} s; stopping.`);
    process.exit(1);
  }, args.timeoutSeconds * 1000);
  const log = (message: string) => {
    if (!args.json) console.log(message);
    else console.error(message);
  };

  ensureBuild();
  const redis = args.nodes > 1 ? await startRedis() : null;
  const dir = mkdtempSync(join(tmpdir(), "helix-review-bench-"));
  const store = await openStore(args.database, dir);
  log(`Seeding a workshop with ${n} participants (${args.database})…`);
  const seeded = await (mode === "open" ? seed(store, n, OPEN_LOOP_BUDGET, 10) : seed(store, n, k));

  // ── Baselines: a Socket.IO echo with the same clients and the same messages ──────────────────
  // BENCH_ECHO_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the echo the same way.
  const echoNodeArgs = process.env.BENCH_ECHO_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  // The echo carries what a vote carries (a client id, an item id, points), so both parse and
  // answer messages of the same size.
  const echoOnce: Sender = async (socket, i, j) => {
    await socket.emitWithAck("echo", {
      clientId: `echo-${i}-${j}-vote`,
      contributionId: seeded.items[(i + j) % seeded.items.length],
      points: 1,
    });
    return { ok: true };
  };
  /** An echo's runs, one per rate (closed loop: one): the floor it reaches with these clients, here, now. */
  async function echoRunsOf(name: string, env: Record<string, string>) {
    const echoes = Array.from({ length: args.nodes }, () =>
      startChild([...echoNodeArgs, "--import", "tsx", "scripts/bench/echo-server.ts"], env),
    );
    const echoUrls = await Promise.all(echoes.map((echo) => echo.url));
    const echoCpuMs = async () => (await serverMetrics(echoUrls)).cpuMs;
    const echoClients = await inBatches(
      seeded.tokens.map((_, i) => i),
      args.connectConcurrency,
      (i) => connect(nodeOf(echoUrls, i), {}),
    );
    const echoRuns: { loop: LoopResult; cpuMs: number }[] = [];
    if (mode === "open" && args.warmup > 0) await openLoop(echoClients, rates[0], args.warmup, echoOnce);
    for (const rate of mode === "open" ? rates : [0]) {
      const cpuBefore = await echoCpuMs();
      const loop =
        mode === "open" ? await openLoop(echoClients, rate, args.duration, echoOnce) : await closedLoop(echoClients, k, echoOnce);
      echoRuns.push({ loop, cpuMs: (await echoCpuMs()) - cpuBefore });
      log(
        `Baseline ${name}${rate ? ` at ${rate}/s` : ""}: ${round(loop.ackMs.length / loop.seconds)} acks/s, p99 ${round(percentile(loop.ackMs, 99))} ms`,
      );
    }
    for (const socket of echoClients) socket.disconnect();
    await Promise.all(echoes.map((echo) => echo.stop()));
    return echoRuns;
  }
  /** The bare echo: what the transport alone costs. */
  const echoRuns = await echoRunsOf("echo", {});
  /**
   * `--durable-echo`: the echo that writes each message to a SQLite file (keyed by its client id,
   * group-committed) before it answers — what being acknowledged only once on disk costs by itself.
   */
  const durableEchoPath = join(dir, "durable-echo.sqlite");
  const durableEchoRuns = args.durableEcho ? await echoRunsOf("durable echo", { ECHO_DATABASE_PATH: durableEchoPath }) : null;
  /** The durable echo's messages on disk once it has stopped: every one it answered. */
  const durableEchoStored = durableEchoRuns ? countRows(durableEchoPath, "messages") : null;

  // ── The real server ──────────────────────────────────────────────────────────────────────────
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const serverNodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const servers = Array.from({ length: args.nodes }, () =>
    startChild([...serverNodeArgs, "build/server.js"], {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      ...store.env,
      SESSION_SECRET,
      // Every phone of the benchmark connects from 127.0.0.1: one address, like a venue behind one NAT.
      HANDSHAKES_PER_MINUTE: String(Math.max(1200, 2 * n)),
      ...(redis ? { REDIS_URL: redis.url } : {}),
    }),
  );
  const urls = await Promise.all(servers.map((server) => server.url));
  const url = urls[0];
  // Only participants' cookies are made here (signed with the server's secret); no facilitator logs in.
  const noFacilitators = {
    startSession: async (): Promise<string> => {
      throw new Error("the benchmark logs no facilitator in");
    },
    sessionFacilitator: async () => null,
    endSession: async () => null,
    endAllSessions: async () => {},
    changePassword: () => {
      throw new Error("the benchmark logs no facilitator in");
    },
  };
  const sessions = createSessions({ secret: SESSION_SECRET, store: noFacilitators });
  const request = new Request(url);

  const display = await connect(url, { as: "display", workshopId: seeded.workshopId, displayToken: seeded.displayToken });
  const tallies: { at: number; upTo: number }[] = [];
  display.on("workshop:tallies", (update: TallyUpdate) => {
    if (!("cleared" in update)) tallies.push({ at: performance.now(), upTo: update.upTo });
  });

  log(`Connecting ${n} participants…`);
  const connectStart = performance.now();
  const clients = await inBatches(
    seeded.tokens.map((token, i) => ({ token, i })),
    args.connectConcurrency,
    async ({ token, i }) => {
      const cookie = (await sessions.participantCookie(request, seeded.workshopId, token)).split(";")[0];
      return connect(nodeOf(urls, i), { as: "participant", workshopId: seeded.workshopId }, cookie);
    },
  );
  const connectSeconds = (performance.now() - connectStart) / 1000;
  const rssAfterConnect = (await serverMetrics(urls)).rssMb;

  const vote =
    (prefix: string, pick: (i: number, j: number) => { contributionId: string; points: number }): Sender =>
    async (socket, i, j) => {
      const result = await socket.emitWithAck("vote:set", { clientId: `${prefix}-${i}-${j}-vote`, ...pick(i, j) });
      return result.ok ? { ok: true, voteSeq: result.data.voteSeq } : { ok: false, code: result.error.code };
    };
  if (mode === "open" && args.warmup > 0) {
    log(`Warming up at ${rates[0]}/s for ${args.warmup} s…`);
    await openLoop(
      clients,
      rates[0],
      args.warmup,
      vote("warmup", (_i, j) => ({ contributionId: seeded.items[j % 10], points: 1 + (j % 2) })),
    );
  }
  const runs: {
    rate: number | null;
    prefix: string;
    loop: LoopResult;
    metrics: ServerMetrics;
    cpuMs: number;
    generatorMs: number;
  }[] = [];
  for (const [round, rate] of (mode === "open" ? rates : [0]).entries()) {
    // Each round its own client ids, so a rate run twice counts its own votes on disk.
    const prefix = mode === "open" ? `open-${round + 1}-${rate}` : "bench";
    const sender =
      mode === "open"
        ? // 1 or 2 points on one of the 10 challenges: at most 20 of the budget of 20, however often.
          vote(prefix, (_i, j) => ({ contributionId: seeded.items[Math.floor(Math.random() * 10)], points: 1 + (j % 2) }))
        : vote(prefix, (i, j) => ({ contributionId: seeded.items[(i + j) % seeded.items.length], points: 1 }));
    log(mode === "open" ? `Voting at ${rate}/s for ${args.duration} s…` : `Voting: ${n} × ${k}…`);
    const before = await serverMetrics(urls, true);
    const generatorBefore = process.cpuUsage();
    const loop = mode === "open" ? await openLoop(clients, rate, args.duration, sender) : await closedLoop(clients, k, sender);
    const metrics = await serverMetrics(urls);
    const generator = process.cpuUsage(generatorBefore);
    runs.push({
      rate: mode === "open" ? rate : null,
      prefix,
      loop,
      metrics,
      cpuMs: metrics.cpuMs - before.cpuMs,
      generatorMs: (generator.user + generator.system) / 1000,
    });
  }

  // Wait (bounded) for the display to have seen a tally that includes the last acknowledged vote.
  // (A loop, not Math.max(...): a long sweep acknowledges more votes than a call takes arguments.)
  let lastSeq = 0;
  for (const run of runs) for (const { voteSeq } of run.loop.acked) lastSeq = Math.max(lastSeq, voteSeq);
  const waitUntil = performance.now() + 10_000;
  while ((tallies.at(-1)?.upTo ?? 0) < lastSeq && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));

  const peaks = servers.map((server) => peakRssMb(server.child.pid));
  const peakRss = peaks.includes(null) ? null : peaks.reduce<number>((sum, peak) => sum + (peak ?? 0), 0);
  for (const socket of [...clients, display]) socket.disconnect();
  await Promise.all(servers.map((server) => server.stop()));
  await redis?.stop();

  /** Applied votes of one run on disk: each has its request row, found by the run's client ids. */
  const inDb = (prefix: string) => store.count("select count(*) as n from vote_requests where client_id like ? || '-%'", prefix);
  // Points stored once the whole invocation is over: later runs change earlier runs' votes, so this
  // one number (the same in every run's JSON) is of the sweep, unlike `votes_in_db`, which is per run.
  const pointsInDb = await store.count("select coalesce(sum(points), 0) as n from votes");
  const stored: number[] = [];
  for (const run of runs) stored.push(await inDb(run.prefix));
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
  clearTimeout(deadline);

  const results = runs.map((run, index) => {
    const { loop, metrics } = run;
    const echoRun = echoRuns[index];
    const tallyMs = sortedCopy(
      loop.acked
        .map(({ voteSeq, at }) => {
          const seen = tallies.find((t) => t.upTo >= voteSeq && t.at >= at - 1);
          return seen ? Math.max(0, seen.at - at) : Number.NaN;
        })
        .filter(Number.isFinite),
    );
    const votesPerS = loop.acked.length / loop.seconds;
    const echoPerS = echoRun.loop.ackMs.length / echoRun.loop.seconds;
    return {
      mode,
      nodes: args.nodes,
      database: args.database,
      rate: run.rate,
      duration_s: round(loop.seconds, 2),
      participants: n,
      votes_per_participant: mode === "open" ? null : k,
      votes_acked: loop.acked.length,
      votes_in_db: stored[index],
      points_in_db: pointsInDb,
      errors: loop.errors,
      error_codes: Object.fromEntries(loop.errorCodes),
      connect_s: round(connectSeconds, 2),
      ack_ms: latency(loop.ackMs),
      ack_ms_p99_by_round: p99ByRound(loop.byRound),
      baseline_echo_ack_ms: latency(echoRun.loop.ackMs),
      baseline_echo_ack_ms_p99_by_round: p99ByRound(echoRun.loop.byRound),
      tally_latency_ms: { p50: round(percentile(tallyMs, 50)), p99: round(percentile(tallyMs, 99)) },
      tally_messages: tallies.length,
      votes_per_s: round(votesPerS),
      baseline_echo_per_s: round(echoPerS),
      ratio: round(votesPerS / echoPerS, 2),
      event_loop_lag_p99_ms: round(metrics.eventLoopDelayMs.p99),
      server_cpu_ms_per_vote: round(run.cpuMs / Math.max(1, loop.acked.length), 3),
      baseline_server_cpu_ms_per_echo: round(echoRun.cpuMs / Math.max(1, echoRun.loop.ackMs.length), 3),
      ...durableEchoFields(durableEchoRuns?.[index], durableEchoStored),
      load_generator_cpu_ms_per_vote: round(run.generatorMs / Math.max(1, loop.acked.length), 3),
      server_rss_after_connect_mb: round(rssAfterConnect),
      server_rss_mb: round(metrics.rssMb),
      server_peak_rss_mb: peakRss === null ? null : round(peakRss),
    };
  });

  for (const result of results) {
    if (!args.json) {
      console.log("");
      console.table({
        [mode === "open" ? `rate ${result.rate}/s for ${args.duration} s` : "closed loop"]: "",
        participants: result.participants,
        nodes: result.nodes,
        "votes acked / in db": `${result.votes_acked} / ${result.votes_in_db}`,
        errors: result.errors,
        "ack ms p50 / p95 / p99": `${result.ack_ms.p50} / ${result.ack_ms.p95} / ${result.ack_ms.p99}`,
        "echo ack ms p50 / p95 / p99": `${result.baseline_echo_ack_ms.p50} / ${result.baseline_echo_ack_ms.p95} / ${result.baseline_echo_ack_ms.p99}`,
        "tally latency ms p50 / p99": `${result.tally_latency_ms.p50} / ${result.tally_latency_ms.p99}`,
        "votes/s": result.votes_per_s,
        "baseline echo/s": result.baseline_echo_per_s,
        ratio: result.ratio,
        "server CPU ms per vote (echo)": `${result.server_cpu_ms_per_vote} (${result.baseline_server_cpu_ms_per_echo})`,
        ...(result.baseline_durable_echo_ack_ms
          ? {
              "durable echo: ack p99 ms, per s, CPU ms": `${result.baseline_durable_echo_ack_ms.p99}, ${result.baseline_durable_echo_per_s}, ${result.baseline_server_cpu_ms_per_durable_echo}`,
            }
          : {}),
        "event loop lag p99 ms": result.event_loop_lag_p99_ms,
        "connect s": result.connect_s,
        "server RSS MB after connect / after voting (peak)": `${result.server_rss_after_connect_mb} / ${result.server_rss_mb} (${result.server_peak_rss_mb})`,
      });
    }
    console.log(JSON.stringify(result));
  }
  if (mode === "open" && results.length > 1) {
    const held = results.filter((r) => r.errors === 0 && r.votes_in_db === r.votes_acked && r.ack_ms.p99 <= OPEN_LOOP_P99_MS);
    console.log(
      JSON.stringify({
        mode,
        participants: n,
        nodes: args.nodes,
        duration_s: args.duration,
        p99_limit_ms: OPEN_LOOP_P99_MS,
        highest_rate_within_limit: held.length ? Math.max(...held.map((r) => r.rate ?? 0)) : null,
        rates: results.map((r) => ({
          rate: r.rate,
          votes_per_s: r.votes_per_s,
          ack_p99_ms: r.ack_ms.p99,
          echo_p99_ms: r.baseline_echo_ack_ms.p99,
          errors: r.errors,
        })),
      }),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
