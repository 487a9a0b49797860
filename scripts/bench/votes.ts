/**
 * `npm run bench -- --participants N [--votes-per-participant K] [--json]`
 *
 * The vote hot path under load, end to end: a workshop in a vote step (seeded through the
 * services into a temporary SQLite file), the real server (server.ts, production build) on a
 * random loopback port, N participants connected with socket.io-client and their real cookies, a
 * display listening to the coalesced tallies, and every participant casting K votes as fast as
 * their acks return. A bare Socket.IO echo server with the same clients gives the baseline.
 * Loopback only; bounded in count and time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { openDatabase } from "../../app/db/client.server";
import { HELICES } from "../../app/domain/helix";
import type { TallyUpdate } from "../../app/domain/workshop-state";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { createSessions } from "../../app/sessions.server";
import { ensureBuild } from "../ensure-build.mjs";
import { cpuMsOf, inBatches, parseArgs, peakRssMb, percentile, round, startChild } from "./common";

const argsSchema = z.object({
  participants: z.coerce.number().int().min(1).max(5000).default(1000),
  votesPerParticipant: z.coerce.number().int().min(1).max(20).default(5),
  json: z.boolean().default(false),
  connectConcurrency: z.coerce.number().int().min(1).max(500).default(100),
  timeoutSeconds: z.coerce.number().int().min(10).max(600).default(180),
});

const SESSION_SECRET = "benchmark-secret-benchmark-secret-0123";

/** A workshop in a challenge-vote step with N participants spread over the four helices. */
async function seed(databasePath: string, participants: number, votesEach: number) {
  const database = openDatabase(databasePath);
  const services = createServices({ db: database.db, publish: silentPublish });
  const signUp = await services.facilitators.signUp({
    name: "Bench",
    email: "bench@example.org",
    password: "benchmark password",
  });
  if (!signUp.ok) throw new Error(signUp.error.message);
  const actor = { kind: "facilitator" as const, facilitatorId: signUp.data.id };
  const workshop = services.workshops.create(actor, { title: "Vote benchmark", hostOrganisation: "Helix Review" });
  if (!workshop.ok) throw new Error(workshop.error.message);
  const items: string[] = [];
  for (let i = 0; i < Math.max(10, votesEach); i++) {
    const result = services.contributions.submit(actor, workshop.data.id, {
      kind: "challenge",
      clientId: `bench-challenge-${i}`,
      title: `Challenge ${i + 1}`,
    });
    if (!result.ok) throw new Error(result.error.message);
    items.push(result.data.id);
  }
  const tokens: string[] = [];
  for (let i = 0; i < participants; i++) {
    const joined = services.participants.join(workshop.data.joinCode, { helix: HELICES[i % 4], role: "local_stakeholder" });
    if (!joined.ok) throw new Error(joined.error.message);
    tokens.push(joined.data.token);
  }
  const voteStep = services.room.snapshot(workshop.data.id, "facilitator")?.steps.find((s) => s.kind === "vote_challenges");
  if (!voteStep) throw new Error("no vote step");
  const settings = services.voting.setSettings(actor, workshop.data.id, {
    stepId: voteStep.id,
    settings: { budget: votesEach, cap: 3 },
  });
  if (!settings.ok) throw new Error(settings.error.message);
  const moved = services.agenda.goToStep(actor, workshop.data.id, { stepId: voteStep.id });
  if (!moved.ok) throw new Error(moved.error.message);
  database.close();
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
const p99ByRound = (rounds: number[][]) =>
  rounds.map((r) =>
    round(
      percentile(
        [...r].sort((a, b) => a - b),
        99,
      ),
    ),
  );

async function main() {
  const args = parseArgs(argsSchema, process.argv.slice(2));
  const { participants: n, votesPerParticipant: k } = args;
  const deadline = setTimeout(() => {
    console.error(`Benchmark exceeded ${args.timeoutSeconds} s; stopping.`);
    process.exit(1);
  }, args.timeoutSeconds * 1000);
  const log = (message: string) => {
    if (!args.json) console.log(message);
    else console.error(message);
  };

  ensureBuild();
  const dir = mkdtempSync(join(tmpdir(), "helix-review-bench-"));
  const databasePath = join(dir, "bench.sqlite");
  log(`Seeding a workshop with ${n} participants…`);
  const seeded = await seed(databasePath, n, k);

  // ── Baseline: bare Socket.IO echo with the same number of clients and messages ─────────────
  const echo = startChild(["--import", "tsx", "scripts/bench/echo-server.ts"], {});
  const echoUrl = await echo.url;
  const echoClients = await inBatches(seeded.tokens, args.connectConcurrency, () => connect(echoUrl, {}));
  let echoed = 0;
  /** The echo's own ack latencies: the floor a bare Socket.IO server reaches with these clients here. */
  const echoAckMs: number[] = [];
  const echoAckMsByRound: number[][] = Array.from({ length: k }, () => []);
  const echoCpuBefore = cpuMsOf(echo.child.pid);
  const echoStart = performance.now();
  await Promise.all(
    echoClients.map(async (socket) => {
      for (let j = 0; j < k; j++) {
        const sent = performance.now();
        await socket.emitWithAck("echo", { j });
        const took = performance.now() - sent;
        echoAckMs.push(took);
        echoAckMsByRound[j].push(took);
        echoed++;
      }
    }),
  );
  echoAckMs.sort((a, b) => a - b);
  const baselinePerS = echoed / ((performance.now() - echoStart) / 1000);
  const echoCpuMs = (cpuMsOf(echo.child.pid) ?? 0) - (echoCpuBefore ?? 0);
  for (const socket of echoClients) socket.disconnect();
  await echo.stop();
  log(`Baseline echo: ${round(baselinePerS)} acks/s`);

  // ── The real server ──────────────────────────────────────────────────────────────────────────
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const serverNodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const server = startChild([...serverNodeArgs, "build/server.js"], {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_PATH: databasePath,
    SESSION_SECRET,
  });
  const url = await server.url;
  // Only participants' cookies are made here (signed with the server's secret); no facilitator logs in.
  const noFacilitators = {
    startSession: () => {
      throw new Error("the benchmark logs no facilitator in");
    },
    sessionFacilitator: () => null,
    endSession: () => null,
    endAllSessions: () => {},
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
  const clients = await inBatches(seeded.tokens, args.connectConcurrency, async (token) => {
    const cookie = (await sessions.participantCookie(request, seeded.workshopId, token)).split(";")[0];
    return connect(url, { as: "participant", workshopId: seeded.workshopId }, cookie);
  });
  const connectSeconds = (performance.now() - connectStart) / 1000;
  const before = (await (await fetch(`${url}/healthz?metrics=reset`)).json()) as { cpuMs: number };
  const generatorCpuBefore = process.cpuUsage();

  log(`Voting: ${n} × ${k}…`);
  const ackMs: number[] = [];
  /** Ack latencies by round: every participant's first vote, second vote, … */
  const ackMsByRound: number[][] = Array.from({ length: k }, () => []);
  const acked: { voteSeq: number; at: number }[] = [];
  let errors = 0;
  const errorCodes = new Map<string, number>();
  const voteStart = performance.now();
  await Promise.all(
    clients.map(async (socket, i) => {
      // No per-emit timeout (a timer per message costs the generator CPU); the run has a global deadline.
      for (let j = 0; j < k; j++) {
        const contributionId = seeded.items[(i + j) % seeded.items.length];
        const sent = performance.now();
        try {
          const result = await socket.emitWithAck("vote:set", { clientId: `bench-${i}-${j}-vote`, contributionId, points: 1 });
          const at = performance.now();
          if (result.ok) {
            ackMs.push(at - sent);
            ackMsByRound[j].push(at - sent);
            acked.push({ voteSeq: result.data.voteSeq, at });
          } else {
            errors++;
            errorCodes.set(result.error.code, (errorCodes.get(result.error.code) ?? 0) + 1);
          }
        } catch {
          errors++;
          errorCodes.set("timeout", (errorCodes.get("timeout") ?? 0) + 1);
        }
      }
    }),
  );
  const voteSeconds = (performance.now() - voteStart) / 1000;
  const metrics = (await (await fetch(`${url}/healthz?metrics`)).json()) as {
    cpuMs: number;
    rssMb: number;
    eventLoopDelayMs: { p99: number };
  };
  const generatorCpu = process.cpuUsage(generatorCpuBefore);

  // Wait (bounded) for the display to have seen a tally that includes the last acknowledged vote.
  const lastSeq = Math.max(0, ...acked.map((a) => a.voteSeq));
  const waitUntil = performance.now() + 10_000;
  while ((tallies.at(-1)?.upTo ?? 0) < lastSeq && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
  const tallyMs = acked
    .map(({ voteSeq, at }) => {
      const seen = tallies.find((t) => t.upTo >= voteSeq && t.at >= at - 1);
      return seen ? Math.max(0, seen.at - at) : Number.NaN;
    })
    .filter(Number.isFinite)
    .sort((a, b) => a - b);

  const peakRss = peakRssMb(server.child.pid);
  for (const socket of [...clients, display]) socket.disconnect();
  await server.stop();

  const check = openDatabase(databasePath);
  const votesInDb = (check.sqlite.prepare("select count(*) as n from vote_requests").get() as { n: number }).n;
  const pointsInDb = (check.sqlite.prepare("select coalesce(sum(points), 0) as n from votes").get() as { n: number }).n;
  check.close();
  rmSync(dir, { recursive: true, force: true });
  clearTimeout(deadline);

  ackMs.sort((a, b) => a - b);
  const votesPerS = acked.length / voteSeconds;
  const result = {
    participants: n,
    votes_per_participant: k,
    votes_acked: acked.length,
    votes_in_db: votesInDb,
    points_in_db: pointsInDb,
    errors,
    error_codes: Object.fromEntries(errorCodes),
    connect_s: round(connectSeconds, 2),
    ack_ms: latency(ackMs),
    ack_ms_p99_by_round: p99ByRound(ackMsByRound),
    baseline_echo_ack_ms: latency(echoAckMs),
    baseline_echo_ack_ms_p99_by_round: p99ByRound(echoAckMsByRound),
    tally_latency_ms: { p50: round(percentile(tallyMs, 50)), p99: round(percentile(tallyMs, 99)) },
    tally_messages: tallies.length,
    votes_per_s: round(votesPerS),
    baseline_echo_per_s: round(baselinePerS),
    ratio: round(votesPerS / baselinePerS, 2),
    event_loop_lag_p99_ms: round(metrics.eventLoopDelayMs.p99),
    server_cpu_ms_per_vote: round((metrics.cpuMs - before.cpuMs) / Math.max(1, acked.length), 3),
    baseline_server_cpu_ms_per_echo: round(echoCpuMs / Math.max(1, echoed), 3),
    load_generator_cpu_ms_per_vote: round((generatorCpu.user + generatorCpu.system) / 1000 / Math.max(1, acked.length), 3),
    server_rss_mb: round(metrics.rssMb),
    server_peak_rss_mb: peakRss === null ? null : round(peakRss),
  };

  if (!args.json) {
    console.log("");
    console.table({
      participants: result.participants,
      "votes acked / in db": `${result.votes_acked} / ${result.votes_in_db}`,
      errors: result.errors,
      "ack ms p50 / p95 / p99": `${result.ack_ms.p50} / ${result.ack_ms.p95} / ${result.ack_ms.p99}`,
      "echo ack ms p50 / p95 / p99": `${result.baseline_echo_ack_ms.p50} / ${result.baseline_echo_ack_ms.p95} / ${result.baseline_echo_ack_ms.p99}`,
      "tally latency ms p50 / p99": `${result.tally_latency_ms.p50} / ${result.tally_latency_ms.p99}`,
      "tally messages to the display": result.tally_messages,
      "votes/s": result.votes_per_s,
      "baseline echo/s": result.baseline_echo_per_s,
      ratio: result.ratio,
      "event loop lag p99 ms": result.event_loop_lag_p99_ms,
      "server RSS MB (peak)": `${result.server_rss_mb} (${result.server_peak_rss_mb})`,
    });
  }
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
