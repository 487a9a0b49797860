/**
 * `npm run bench:commands -- [--phones N] [--json]`
 *
 * A hall acting on one workshop at once, through the services (no sockets), on both databases in
 * one run: N phones join at the same instant, then each submits a challenge at the same instant,
 * then the facilitator hides ten of them while the phones submit again; and, 5 ms into the joins,
 * one facilitator command in another workshop on the same server ("next door"). One workshop's commands
 * run one at a time on either database (serialiseWorkshopCommands, ADR 0014), so this measures
 * what that costs a burst: each command's latency from the instant it was sent, and the burst's
 * commands per second. PostgreSQL is a private instance the bench starts; SQLite a file in a
 * temporary folder. The ratio of PostgreSQL's throughput to SQLite's is printed last: the target
 * is not speed against SQLite (one process, no network) but that a 300-phone burst on PostgreSQL
 * clears well within the 10 s a phone's outbox waits for an answer before it sends again
 * (SEND_TIMEOUT_MS, app/realtime/use-outbox.ts).
 *
 * Loopback only; bounded in count and time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { type AnyDbHandle, openDatabase } from "../../app/db/client.server";
import { openPostgres } from "../../app/db/postgres.server";
import { HELICES } from "../../app/domain/helix";
import type { Result } from "../../app/domain/result";
import type { Actor } from "../../app/services/actor";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { migratedDatabases, startPostgres } from "../../tests/support/postgres";
import { parseArgs, percentile, round } from "./common";
import { benchFacilitator } from "./seed";

const argsSchema = z.object({
  phones: z.coerce.number().int().min(1).max(2_000).default(300),
  json: z.boolean().default(false),
});

type Phase = {
  phase: string;
  commands: number;
  wallMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  refused: number;
};

/** Sends every command at once; each one's latency counts from that instant. */
async function burst(phase: string, commands: (() => Promise<Result<unknown>>)[]): Promise<Phase> {
  const start = performance.now();
  const latencies: number[] = [];
  let refused = 0;
  await Promise.all(
    commands.map(async (command) => {
      const result = await command();
      latencies.push(performance.now() - start);
      if (!result.ok) refused++;
    }),
  );
  const wallMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return {
    phase,
    commands: commands.length,
    wallMs: round(wallMs),
    perSecond: round((commands.length / wallMs) * 1000),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    refused,
  };
}

async function hall(database: AnyDbHandle, phones: number): Promise<Phase[]> {
  const services = createServices({ db: database.db, publish: silentPublish });
  const facilitator: Actor = await benchFacilitator(services);
  const opened = async (title: string) => {
    const created = await services.workshops.create(facilitator, { title, hostOrganisation: "Helix Review" });
    if (!created.ok) throw new Error(created.error.message);
    const state = await services.room.snapshot(created.data.id, "facilitator");
    const collect = state?.steps.find((s) => s.kind === "collect_challenges");
    if (!collect) throw new Error("no collect step");
    const moved = await services.agenda.goToStep(facilitator, created.data.id, { stepId: collect.id });
    if (!moved.ok) throw new Error(moved.error.message);
    return { workshop: created.data, stepId: collect.id };
  };
  const { workshop } = await opened("Command benchmark");
  // Another room on the same server: its facilitator sets a timer 5 ms into this hall's joins.
  const elsewhere = await opened("The room next door");
  const nextDoor = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return await burst("next door", [
      () =>
        services.agenda.timer(facilitator, elsewhere.workshop.id, {
          stepId: elsewhere.stepId,
          command: { action: "set", seconds: 600 },
        }),
    ]);
  })();

  const actors: Actor[] = [];
  const phases: Phase[] = [];
  phases.push(
    await burst(
      "join",
      Array.from({ length: phones }, (_, i) => async () => {
        const joined = await services.participants.join(workshop.joinCode, {
          helix: HELICES[i % HELICES.length],
          role: "local_stakeholder",
          displayName: `Phone ${i}`,
        });
        if (joined.ok) actors.push({ kind: "participant", participantId: joined.data.participant.id, workshopId: workshop.id });
        return joined;
      }),
    ),
  );
  // What the hall cost the room next door.
  phases.push(await nextDoor);
  const submitted: string[] = [];
  phases.push(
    await burst(
      "submit",
      actors.map((actor, i) => async () => {
        const result = await services.contributions.submit(actor, workshop.id, {
          kind: "challenge",
          clientId: `bench-${i}-a`,
          title: `Challenge ${i}`,
        });
        if (result.ok) submitted.push(result.data.id);
        return result;
      }),
    ),
  );
  phases.push(
    await burst("submit + hide", [
      ...actors.map(
        (actor, i) => () =>
          services.contributions.submit(actor, workshop.id, {
            kind: "challenge",
            clientId: `bench-${i}-b`,
            title: `Another ${i}`,
          }),
      ),
      ...submitted.slice(0, 10).map((id) => () => services.moderation.hide(facilitator, workshop.id, { contributionId: id })),
    ]),
  );
  return phases;
}

async function main() {
  const args = parseArgs(argsSchema, process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "helix-bench-commands-"));
  const postgres = await startPostgres();
  const results: Record<string, Phase[]> = {};
  try {
    const sqlite = openDatabase(join(dir, "bench.sqlite"));
    try {
      results.sqlite = await hall(sqlite, args.phones);
    } finally {
      sqlite.close();
    }
    const databases = await migratedDatabases(postgres);
    const handle = await openPostgres(await databases.fresh());
    try {
      results.postgres = await hall({ db: handle.services, close: handle.close }, args.phones);
    } finally {
      await handle.close();
      await databases.close();
    }
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const ratio = Object.fromEntries(
    results.postgres.map((p, i) => [p.phase, round(p.perSecond / results.sqlite[i].perSecond, 2)]),
  );
  if (args.json) {
    console.log(JSON.stringify({ phones: args.phones, ...results, postgresToSqliteThroughput: ratio }, null, 2));
    return;
  }
  for (const [engine, phases] of Object.entries(results))
    for (const p of phases)
      console.log(
        `${engine.padEnd(8)} ${p.phase.padEnd(14)} ${p.commands} commands in ${p.wallMs} ms: ${p.perSecond}/s, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms, ${p.refused} refused`,
      );
  console.log(`PostgreSQL's throughput / SQLite's, per phase: ${JSON.stringify(ratio)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
