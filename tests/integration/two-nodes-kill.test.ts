import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Result } from "../../app/domain/result";
import type { SyncResult } from "../../app/domain/sync";
import type { VoteAck } from "../../app/domain/voting";
import { applyTallies, type TallyUpdate, type WorkshopEvent } from "../../app/domain/workshop-state";
import { emptyState } from "../fixtures/workshop-state";
import { type Client, connectClient, ensureBuiltServer, startBuiltServer } from "../support/built-server";
import { migratedDatabases, type PrivatePostgres, rowsAt, startPostgres } from "../support/postgres";
import { type PrivateRedis, startRedis } from "../support/redis";
import { seedVoteWorkshop, type VoteWorkshop } from "../support/vote-workshop";

/**
 * Issue 15: two nodes — the built server as `npm start` runs it, twice, on one database and one
 * Redis — run a workshop as one room and survive the loss of one. On both engines: one PostgreSQL
 * (DATABASE_URL, the deployment the issue asks for), and one SQLite file shared by two processes. Phones vote on both nodes, the
 * projector and the facilitator's laptop are on node A; node B is killed (SIGKILL) in the middle of
 * the vote. Its phones reconnect to node A (as the proxy sends them there), catch up by `seq` on
 * what the room did meanwhile, and send again what they never heard an answer to (the same client
 * ids); every vote either node acknowledged is in the database, none counted twice, and the
 * projector ends on the stored totals.
 */

const SESSION_SECRET = "two-nodes-kill-test-secret-0123456789ab";
const PHONES = 24;
const VOTES_EACH = 5;

/** Where the two nodes keep the workshop, and how the test reads it back when they are done. */
type Store = { env: Record<string, string>; rows: <Row>(sql: string, ...params: unknown[]) => Promise<Row[]> };

let dir: string;
let redis: PrivateRedis;
let postgres: PrivatePostgres;
const stores = {} as Record<"sqlite" | "postgres", { store: Store; workshop: VoteWorkshop }>;
const cleanups: (() => Promise<void> | void)[] = [];
const seedOptions = { participants: PHONES, items: 10, budget: VOTES_EACH, cap: 3, secret: SESSION_SECRET };

beforeAll(async () => {
  await ensureBuiltServer();
  redis = await startRedis();
  cleanups.push(() => redis.stop());
  dir = mkdtempSync(join(tmpdir(), "helix-two-nodes-kill-"));

  const file = join(dir, "workshop.sqlite");
  stores.sqlite = {
    workshop: await seedVoteWorkshop(file, seedOptions),
    store: {
      env: { DATABASE_PATH: file },
      rows: async <Row>(sql: string, ...params: unknown[]) => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(sql).all(...params) as Row[];
        } finally {
          db.close();
        }
      },
    },
  };

  postgres = await startPostgres();
  cleanups.push(() => postgres.stop());
  const databases = await migratedDatabases(postgres);
  cleanups.push(() => databases.close());
  const url = await databases.fresh();
  stores.postgres = {
    workshop: await seedVoteWorkshop(url, seedOptions),
    store: {
      env: { DATABASE_URL: url },
      rows: <Row>(sql: string, ...params: unknown[]) => rowsAt<Row>(url, sql, params),
    },
  };
}, 600_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
async function eventually(check: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const connect = (url: string, auth: Record<string, string>, cookie?: string): Promise<Client> =>
  connectClient(url, auth, { cookie, onClose: (close) => cleanups.push(close) });

/** A phone as the app runs it: the events it applied (by seq), and the votes it was answered. */
type Phone = { index: number; socket: Client; events: WorkshopEvent[]; acked: Map<string, VoteAck>; moved: boolean };

async function connectPhone(workshop: VoteWorkshop, url: string, index: number, phone?: Phone): Promise<Phone> {
  const socket = await connect(url, { as: "participant", workshopId: workshop.workshopId }, workshop.participants[index].cookie);
  const state: Phone = phone ?? { index, socket, events: [], acked: new Map(), moved: false };
  state.socket = socket;
  socket.on("workshop:event", (event) => apply(state, [event]));
  return state;
}

const lastSeq = (phone: Phone) => Math.max(0, ...phone.events.map((e) => e.seq));
/**
 * Events applied as the app applies them (app/domain/workshop-state.ts): one it already has (by
 * `seq`) is ignored — a phone back on node A may hear an event both live and in its catch-up.
 */
const apply = (phone: Phone, events: WorkshopEvent[]) => {
  for (const event of events) if (event.seq > lastSeq(phone)) phone.events.push(event);
};

describe.each(["postgres", "sqlite"] as const)("two nodes on %s, and the loss of one", (engine) => {
  it("node B is killed during the vote: its phones reconnect to A and catch up by seq, every acknowledged vote is in the database once, and the projector ends on the stored totals", async () => {
    const { store, workshop } = stores[engine];
    const startNode = () => {
      const node = startBuiltServer({ ...store.env, SESSION_SECRET, REDIS_URL: redis.url });
      cleanups.push(node.stop);
      return node;
    };
    const [a, b] = [startNode(), startNode()];
    const [urlA, urlB] = await Promise.all([a.url, b.url]);

    const projector = await connect(urlA, {
      as: "display",
      workshopId: workshop.workshopId,
      displayToken: workshop.displayToken,
    });
    const tallies: TallyUpdate[] = [];
    projector.on("workshop:tallies", (update) => tallies.push(update));
    const laptop = await connect(urlA, { as: "facilitator", workshopId: workshop.workshopId }, workshop.facilitatorCookie);
    const setTimer = async (seconds: number) => {
      const answer = await laptop.timeout(5_000).emitWithAck("agenda:timer", {
        stepId: workshop.voteStepId,
        command: { action: "set", seconds },
      });
      expect(answer.ok).toBe(true);
    };

    // Even phones on node A, odd ones on node B.
    const phones = await Promise.all(Array.from({ length: PHONES }, (_, i) => connectPhone(workshop, i % 2 ? urlB : urlA, i)));
    await setTimer(600);
    await eventually(() => phones.every((p) => p.events.length === 1), "the timer on every phone, across nodes");

    let killed = false;
    /** One phone's votes, each sent until answered: after a lost node, on node A with the same client id. */
    const vote = async (phone: Phone) => {
      for (let j = 0; j < VOTES_EACH; j++) {
        const clientId = `phone-${phone.index}-vote-${j}`;
        const input = { clientId, contributionId: workshop.items[(phone.index + j) % 10], points: 1 };
        for (let attempt = 1; ; attempt++) {
          try {
            const answer = (await phone.socket.timeout(3_000).emitWithAck("vote:set", input)) as Result<VoteAck>;
            if (!answer.ok) throw new Error(`vote refused: ${answer.error.code} ${answer.error.message}`);
            phone.acked.set(clientId, answer.data);
            break;
          } catch (error) {
            if (attempt > 5 || (error as Error).message.startsWith("vote refused")) throw error;
            // No answer in time on a node still up (a loaded machine): the outbox sends it again, as is.
            if (phone.socket.connected) continue;
            if (!killed) throw error;
            // Node B is gone: back on node A, the room's events since the last one applied, then the vote again.
            phone.socket = (await connectPhone(workshop, urlA, phone.index, phone)).socket;
            phone.moved = true;
            const synced = (await phone.socket
              .timeout(5_000)
              .emitWithAck("workshop:sync", { lastSeq: lastSeq(phone) })) as Result<SyncResult>;
            if (!synced.ok || synced.data.mode !== "events") throw new Error("expected the missed events");
            apply(phone, synced.data.events);
          }
        }
        await sleep(50);
      }
    };
    const voting = Promise.all(phones.map(vote));

    // Once about a third of the votes are in: node B dies, without a word to anyone.
    await eventually(() => phones.reduce((n, p) => n + p.acked.size, 0) >= (PHONES * VOTES_EACH) / 3, "the first votes");
    killed = true;
    b.child.kill("SIGKILL");
    await new Promise((done) => b.child.once("exit", done));
    // The room goes on: the facilitator changes the timer while node B's phones are away.
    await setTimer(300);
    await voting;

    // Every phone that was on node B moved to A, and each phone holds the room's two events, in order, none missed.
    expect(phones.filter((p) => p.index % 2 === 1).every((p) => p.moved)).toBe(true);
    for (const phone of phones) expect(phone.events.map((e) => e.seq)).toEqual([1, 2].map((n) => n + phone.events[0].seq - 1));

    // Every acknowledged vote is on disk, once: a request row per client id, a point per vote.
    const requests = new Set(
      (await store.rows<{ client_id: string }>("select client_id from vote_requests")).map((r) => r.client_id),
    );
    const acked = phones.flatMap((p) => [...p.acked.keys()]);
    expect(acked).toHaveLength(PHONES * VOTES_EACH);
    for (const clientId of acked) expect(requests.has(clientId)).toBe(true);
    const stored = (
      await store.rows<{ id: string; helix: string; points: number | string }>(
        "select contribution_id as id, helix, sum(points) as points from votes where step_id = ? group by 1, 2",
        workshop.voteStepId,
      )
    ).map((row) => ({ ...row, points: Number(row.points) }));
    expect(stored.reduce((n, r) => n + r.points, 0)).toBe(PHONES * VOTES_EACH);

    // The projector on node A ends on the stored totals (votes taken on B before it died included).
    const none = () => ({ government: 0, academia: 0, business: 0, community: 0 });
    const storedTotals = Object.fromEntries(workshop.items.map((id) => [id, none()]));
    for (const row of stored) storedTotals[row.id][row.helix as keyof ReturnType<typeof none>] = row.points;
    const shown = () => {
      const items = tallies.reduce(applyTallies, emptyState).tallies?.items ?? {};
      return Object.fromEntries(workshop.items.map((id) => [id, items[id] ?? none()]));
    };
    await eventually(() => isDeepStrictEqual(shown(), storedTotals), "the projector's totals to equal the stored ones");
    expect(shown()).toEqual(storedTotals);
  });
});
