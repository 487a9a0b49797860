import { expect, test } from "@playwright/test";
import type { ContributionView } from "../../app/domain/contributions";
import type { Result } from "../../app/domain/result";
import type { VoteAck } from "../../app/domain/voting";
import { request } from "../../app/realtime/live-feed";
import { mapInOrder } from "../../app/utils/in-order";
import {
  type ChildServer,
  connected,
  facilitatorWithWorkshop,
  freePort,
  gapless,
  joinPhones,
  onTheFile,
  openSocket,
  type PhoneSocket,
  readFile,
  sizeFromEnv,
  sleep,
  startServer,
  tempDatabase,
  unwrap,
} from "./reliability-helpers";

/**
 * Issue 11, durability: "a child server killed with SIGKILL during a burst of votes and
 * submissions, restarted on the same file, every acknowledged write present, integrity_check ok".
 *
 * Why a Playwright spec and not an integration test: the server under test is server.ts itself, run
 * as `npm start` runs it (production, a child process that can be SIGKILLed), and in production
 * server.ts loads the Remix build; without the build it would start Vite's dev server instead. The
 * Playwright run comes after `npm run build`, so this is where it runs; it opens no browser.
 *
 * One database file for the whole run, two workshops on it, set up through the services on the file
 * before the first start: one collecting challenges (its phones submit), one in a challenge vote
 * with four items (its phones vote). Each cycle:
 *   1. the server runs on the file (a fixed port); SUBMITTERS + VOTERS phones connect;
 *   2. every phone sends a write every 60–100 ms without waiting for the previous answer (up to
 *      four in flight, as a quick thumb has);
 *   3. at a random moment of the burst (once both kinds of write have been acknowledged, 0–1,000 ms
 *      later) the server is SIGKILLed;
 *   4. it is started again on the same file and the file is checked (read-only, beside the server):
 *      - `PRAGMA integrity_check` is "ok" and `foreign_key_check` finds nothing;
 *      - each workshop's event seqs are 1..last_seq with no gap or repeat;
 *      - every acknowledged submission is stored exactly once under its clientId, with the id its
 *        ack gave, and has exactly one `contribution.created` event;
 *      - every acknowledged vote is stored: for each (phone, item) the writes were sent in order
 *        on one socket, so the server applied a prefix of them in order. With `last ok` the last one
 *        acknowledged, the stored points must be the value of `last ok` or of a LATER write that
 *        got no answer (it may have committed just before the kill); with none acknowledged in the
 *        cycle, what was stored before the cycle or any unanswered value. A write answered with a
 *        refusal counts as not applied. Its clientId is in vote_requests too;
 *   5. then each submitter's outbox resends what got no answer, with the same clientIds: every one
 *      is accepted, and each clientId is still stored exactly once (what committed before the kill
 *      comes back with its stored id, never as a second row).
 *
 * Size: KILL_CYCLES cycles (default 3; 20 for the figures in docs/reliability.md).
 */

const CYCLES = sizeFromEnv("KILL_CYCLES", 3, 200);
const SUBMITTERS = 16;
const VOTERS = 16;
const ACK_TIMEOUT_MS = 5_000;
const MAX_IN_FLIGHT = 4;

type Outcome = "pending" | "ok" | "refused" | "unanswered";
type Sent = { clientId: string; outcome: Outcome; refusal?: string };
type SentSubmission = Sent & { phone: number; title: string; id?: string };
type SentVote = Sent & { phone: number; contributionId: string; points: number };

test.setTimeout(120_000 + CYCLES * 60_000);

test(`SIGKILL mid-burst, ${CYCLES} time(s): every acknowledged submission and vote survives, the file stays sound`, async () => {
  const file = tempDatabase("durability");
  const port = await freePort();

  // ── The day, set up on the file before the server first starts ─────────────────────────────
  const setup = onTheFile(file.path);
  const collect = await facilitatorWithWorkshop(setup.services, "Durability: collecting");
  unwrap(
    await setup.services.agenda.goToStep(collect.actor, collect.workshop.id, {
      stepId: await collect.stepId("collect_challenges"),
    }),
  );
  const vote = await facilitatorWithWorkshop(setup.services, "Durability: voting");
  const items = await mapInOrder(
    ["Brain drain", "Slow permits", "Fragmented funding", "No shared data"],
    async (title, i) =>
      unwrap(
        await setup.services.contributions.submit(vote.actor, vote.workshop.id, {
          kind: "challenge",
          clientId: `host-item-${i}`,
          title,
        }),
      ).id,
  );
  unwrap(await setup.services.agenda.goToStep(vote.actor, vote.workshop.id, { stepId: await vote.stepId("vote_challenges") }));
  const voteStepId = await vote.stepId("vote_challenges");
  const submitters = await joinPhones(setup.services, setup.sessions, collect.workshop.joinCode, collect.workshop.id, SUBMITTERS);
  const voters = await joinPhones(setup.services, setup.sessions, vote.workshop.joinCode, vote.workshop.id, VOTERS);
  setup.done();

  // Each voter votes on two items: at most 2 points on the first and 3 on the second, so the
  // budget (5) and the cap (3) never refuse a vote whichever of them commit.
  const ballotOf = (phone: number) => [
    { contributionId: items[phone % 4], max: 2 },
    { contributionId: items[(phone + 1) % 4], max: 3 },
  ];
  /** What the file holds for each (voter, item), as checked after the last restart (no row: 0). */
  const stored = new Map<string, number>();
  const key = (phone: number, contributionId: string) => `${phone}:${contributionId}`;

  const totals = { submissionsAcked: 0, votesAcked: 0, unanswered: 0, resent: 0, refused: 0, lost: 0, cycles: 0 };
  const killedAfterMs: number[] = [];
  let server: ChildServer = startServer(port, file.path);
  await server.listening;

  try {
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // ── 1. phones connect ─────────────────────────────────────────────────────────────────────
      const sockets: PhoneSocket[] = await Promise.all([
        ...submitters.map(({ cookie }) =>
          connected(
            openSocket(server.url, { as: "participant", workshopId: collect.workshop.id }, cookie, {
              transports: ["websocket"],
              reconnection: false,
            }),
          ),
        ),
        ...voters.map(({ cookie }) =>
          connected(
            openSocket(server.url, { as: "participant", workshopId: vote.workshop.id }, cookie, {
              transports: ["websocket"],
              reconnection: false,
            }),
          ),
        ),
      ]);

      // ── 2. the burst ──────────────────────────────────────────────────────────────────────────
      const submissions: SentSubmission[] = [];
      const votes: SentVote[] = [];
      const answers: Promise<void>[] = [];
      /** Records a write's outcome: acknowledged (ok), refused (answered, not ok), or no answer (the kill). */
      const settle = <T>(sent: Sent, answer: Promise<Result<T>>, onOk: (data: T) => void = () => {}) => {
        const settled = answer.then(
          (result) => {
            if (result.ok) {
              sent.outcome = "ok";
              onOk(result.data);
            } else {
              sent.outcome = "refused";
              sent.refusal = result.error.code;
            }
          },
          () => {
            sent.outcome = "unanswered";
          },
        );
        answers.push(settled);
        return settled;
      };
      const phoneLoop = async (socket: PhoneSocket, index: number) => {
        const isSubmitter = index < SUBMITTERS;
        const phone = isSubmitter ? index : index - SUBMITTERS;
        let inFlight = 0;
        for (let n = 0; socket.connected; ) {
          // A quick thumb, not a flood: at most MAX_IN_FLIGHT writes of one phone wait for an answer.
          if (inFlight >= MAX_IN_FLIGHT) {
            await sleep(10);
            continue;
          }
          inFlight += 1;
          const answered = () => {
            inFlight -= 1;
          };
          const clientId = `c${cycle}-p${phone}-n${n}-${Math.random().toString(36).slice(2, 8)}`;
          if (isSubmitter) {
            const sent: SentSubmission = {
              phone,
              clientId,
              title: `Cycle ${cycle}, phone ${phone}, idea ${n}`,
              outcome: "pending",
            };
            submissions.push(sent);
            settle<ContributionView>(
              sent,
              socket
                .timeout(ACK_TIMEOUT_MS)
                .emitWithAck("contribution:submit", { kind: "challenge", clientId, title: sent.title }),
              (data) => {
                sent.id = data.id;
              },
            ).then(answered);
          } else {
            const { contributionId, max } = ballotOf(phone)[n % 2];
            const points = Math.floor(Math.random() * (max + 1));
            const sent: SentVote = { phone, clientId, contributionId, points, outcome: "pending" };
            votes.push(sent);
            settle<VoteAck>(
              sent,
              socket.timeout(ACK_TIMEOUT_MS).emitWithAck("vote:set", { clientId, contributionId, points }),
            ).then(answered);
          }
          n += 1;
          await sleep(60 + Math.random() * 40);
        }
      };
      const burst = Promise.all(sockets.map(phoneLoop));

      // ── 3. SIGKILL at a random moment of the burst ────────────────────────────────────────────
      // Mid-burst: once both kinds of write have been acknowledged, then 0–1,000 ms later.
      const burstStart = performance.now();
      while (!submissions.some((s) => s.outcome === "ok") || !votes.some((v) => v.outcome === "ok")) await sleep(5);
      await sleep(Math.random() * 1_000);
      killedAfterMs.push(Math.round(performance.now() - burstStart));
      await server.kill();
      await burst; // every phone saw its connection drop
      await Promise.all(answers); // pending answers fail on disconnect (or time out)
      for (const socket of sockets) socket.disconnect();

      const all: Sent[] = [...submissions, ...votes];
      expect(all.filter((s) => s.outcome === "pending")).toEqual([]);
      const ackedSubmissions = submissions.filter((s) => s.outcome === "ok");
      const ackedVotes = votes.filter((s) => s.outcome === "ok");
      // The kill came mid-burst: writes had been acknowledged before it.
      expect(ackedSubmissions.length).toBeGreaterThan(0);
      expect(ackedVotes.length).toBeGreaterThan(0);

      // ── 4. restart on the same file, then look at what it holds ───────────────────────────────
      server = startServer(port, file.path);
      await server.listening;
      const check = readFile(file.path);
      try {
        expect(check.integrity()).toBe("ok");
        expect(check.foreignKeyProblems()).toBe(0);
        expect(gapless(check.seqs(collect.workshop.id))).toBe(true);
        expect(gapless(check.seqs(vote.workshop.id))).toBe(true);

        const rows = check.db
          .prepare(
            "select client_id as clientId, id, count(*) over (partition by client_id) as copies from contributions where workshop_id = ?",
          )
          .all(collect.workshop.id) as { clientId: string; id: string; copies: number }[];
        const byClientId = new Map(rows.map((r) => [r.clientId, r]));
        const createdEvents = new Map<string, number>();
        for (const { id } of check.db
          .prepare(
            "select json_extract(payload, '$.contribution.id') as id from events where workshop_id = ? and type = 'contribution.created'",
          )
          .all(collect.workshop.id) as { id: string }[])
          createdEvents.set(id, (createdEvents.get(id) ?? 0) + 1);

        const lostSubmissions = ackedSubmissions.filter((s) => byClientId.get(s.clientId)?.id !== s.id);
        expect(lostSubmissions, "acknowledged submissions missing or stored under another id").toEqual([]);
        expect(rows.filter((r) => r.copies !== 1)).toEqual([]);
        expect(rows.filter((r) => createdEvents.get(r.id) !== 1).map((r) => r.clientId)).toEqual([]);

        const points = new Map(
          (
            check.db
              .prepare(
                "select participant_id as participantId, contribution_id as contributionId, points from votes where step_id = ?",
              )
              .all(voteStepId) as { participantId: string; contributionId: string; points: number }[]
          ).map((r) => [`${r.participantId}:${r.contributionId}`, r.points]),
        );
        const requests = new Set(
          (
            check.db
              .prepare(
                `select client_id as clientId from vote_requests where participant_id in (${voters.map(() => "?").join(",")})`,
              )
              .all(...voters.map((v) => v.participantId)) as { clientId: string }[]
          ).map((r) => r.clientId),
        );
        const lostVotes: string[] = [];
        for (let phone = 0; phone < VOTERS; phone++) {
          for (const { contributionId } of ballotOf(phone)) {
            const sent = votes.filter((v) => v.phone === phone && v.contributionId === contributionId);
            const lastOk = sent.findLastIndex((v) => v.outcome === "ok");
            const allowed = new Set(sent.filter((v, i) => i > lastOk && v.outcome === "unanswered").map((v) => v.points));
            allowed.add(lastOk >= 0 ? sent[lastOk].points : (stored.get(key(phone, contributionId)) ?? 0));
            const now = points.get(`${voters[phone].participantId}:${contributionId}`) ?? 0;
            if (!allowed.has(now))
              lostVotes.push(`phone ${phone}, item ${contributionId}: stored ${now}, allowed ${[...allowed].join("/")}`);
            stored.set(key(phone, contributionId), now);
          }
        }
        expect(lostVotes, "acknowledged votes not stored").toEqual([]);
        expect(ackedVotes.filter((v) => !requests.has(v.clientId)).map((v) => v.clientId)).toEqual([]);
      } finally {
        check.close();
      }

      // ── 5. the outbox sends again what got no answer ──────────────────────────────────────────
      const unanswered = submissions.filter((s) => s.outcome === "unanswered");
      const resentIds = new Map<string, string>();
      await Promise.all(
        submitters.map(async ({ cookie }, phone) => {
          const mine = unanswered.filter((s) => s.phone === phone);
          if (mine.length === 0) return;
          const socket = await connected(
            openSocket(server.url, { as: "participant", workshopId: collect.workshop.id }, cookie, {
              transports: ["websocket"],
              reconnection: false,
            }),
          );
          for (const s of mine) {
            // As the outbox does (ADR 0005): `rate_limited` or `internal` keeps it for a later try.
            for (;;) {
              const result = await request(socket, ACK_TIMEOUT_MS, "contribution:submit", {
                kind: "challenge",
                clientId: s.clientId,
                title: s.title,
              });
              if (!result.ok && (result.error.code === "rate_limited" || result.error.code === "internal")) {
                await sleep(1_000);
                continue;
              }
              resentIds.set(s.clientId, unwrap(result).id);
              break;
            }
          }
          socket.disconnect();
        }),
      );
      const after = readFile(file.path);
      try {
        const copies = after.db
          .prepare("select client_id as clientId, id, count(*) as n from contributions where workshop_id = ? group by client_id")
          .all(collect.workshop.id) as { clientId: string; id: string; n: number }[];
        const afterById = new Map(copies.map((r) => [r.clientId, r]));
        expect(copies.filter((r) => r.n !== 1)).toEqual([]);
        expect(unanswered.filter((s) => afterById.get(s.clientId)?.id !== resentIds.get(s.clientId))).toEqual([]);
        expect(gapless(after.seqs(collect.workshop.id))).toBe(true);
      } finally {
        after.close();
      }

      totals.cycles += 1;
      totals.submissionsAcked += ackedSubmissions.length;
      totals.votesAcked += ackedVotes.length;
      totals.unanswered += all.filter((s) => s.outcome === "unanswered").length;
      totals.refused += all.filter((s) => s.outcome === "refused").length;
      totals.resent += unanswered.length;
    }
  } finally {
    await server.terminate();
  }

  const last = readFile(file.path);
  try {
    expect(last.integrity()).toBe("ok");
  } finally {
    last.close();
  }
  file.remove();
  console.log(
    `durability: ${JSON.stringify({ ...totals, integrity: "ok", killedAfterMs: { min: Math.min(...killedAfterMs), max: Math.max(...killedAfterMs) } })}`,
  );
});
