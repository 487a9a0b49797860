/**
 * `npm run bench:report -- [--participants N] [--contributions M] [--from-db] [--json]`
 *
 * The report of a big workshop (default 500 participants of every helix and role, 5,000
 * contributions: a tenth challenges, the rest solutions, some merged or hidden; a challenge vote
 * and a solution vote; 20 recommendations with endorsements), made in every export format. The
 * workshop is a deterministic plan (seeded PRNG, `--seed`), turned into a `ReportInput` and built
 * by the domain's `buildReport`; with `--from-db` the same plan is also written to a temporary
 * SQLite file and the model is built from it by the real report service (that model is the one
 * rendered). Each format is rendered in a fresh child process (this script with `--child`), so
 * its time and peak memory are its own. Targets: md/html/csv/json < 3 s, pdf/docx < 10 s; the
 * exit code is 1 when one is missed or a renderer fails. Temporary files are removed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { openDatabase } from "../../app/db/client.server";
import { type Contribution, contributions as contributionsTable } from "../../app/db/schema";
import type { ContributionView } from "../../app/domain/contributions";
import { electorateOf, emptyHelixCounts, HELICES, type Helix, ROLES, type Role } from "../../app/domain/helix";
import { DEFAULT_SUPPORT_THRESHOLD, type HelixPoints, zeroPoints } from "../../app/domain/helix-metrics";
import { PRIORITIES, type Priority, type RecommendationOwner, type RecommendationView } from "../../app/domain/recommendations";
import { buildReport, type ReportInput, type ReportModel, type VoteResults } from "../../app/domain/report";
import { isReportFormat, REPORT_FORMAT_NAMES, type ReportFormat } from "../../app/report/format-list";
import type { Actor } from "../../app/services/actor";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { mapInOrder } from "../../app/utils/in-order";
import { parseArgs, round } from "./common";

const TARGET_MS: Record<ReportFormat, number> = { docx: 10_000, pdf: 10_000, html: 3_000, md: 3_000, csv: 3_000, json: 3_000 };

const argsSchema = z.object({
  participants: z.coerce.number().int().min(12).max(5000).default(500),
  contributions: z.coerce.number().int().min(20).max(50_000).default(5000),
  recommendations: z.coerce.number().int().min(0).max(100).default(20),
  seed: z.coerce.number().int().default(20241114),
  fromDb: z.boolean().default(false),
  json: z.boolean().default(false),
  timeoutSeconds: z.coerce.number().int().min(10).max(1800).default(600),
  /** Internal: render one format of the model in `--model` and print the measures. */
  child: z.string().optional(),
  model: z.string().optional(),
});

// ── The workshop: a deterministic plan ──────────────────────────────────────────────────────────

/** mulberry32: small, fast and the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}
type Rng = ReturnType<typeof prng>;

type PlannedContribution = {
  kind: "challenge" | "solution";
  title: string;
  body: string | null;
  /** Index of the participant who wrote it; null for the host's own challenges. */
  author: number | null;
  parent: number | null;
  status: "visible" | "hidden" | "merged";
  mergedInto: number | null;
};
type PlannedVote = { voter: number; item: number; points: number };
type PlannedRecommendation = {
  title: string;
  body: string | null;
  owner: RecommendationOwner;
  deadline: string | null;
  priority: Priority;
  links: number[];
  endorsedBy: number[];
};
type Plan = {
  participants: { helix: Helix; role: Role }[];
  contributions: PlannedContribution[];
  challengeVote: PlannedVote[];
  solutionVote: PlannedVote[];
  recommendations: PlannedRecommendation[];
};

const TOPICS = [
  "cross-border data sharing",
  "cluster management capacity",
  "joint R&D infrastructure",
  "patient involvement",
  "public procurement of innovation",
  "SME digitalisation",
  "university–industry mobility",
  "regional smart specialisation",
  "green transition of manufacturing",
  "skills for digital health",
  "access to venture capital",
  "international visibility of clusters",
];
const ACTIONS = [
  "Strengthening",
  "Simplifying",
  "Funding",
  "Measuring",
  "Opening up",
  "Coordinating",
  "Scaling up",
  "Rethinking",
];
const PLACES = [
  "in Kőbánya–Újpest",
  "across Hungarian health clusters",
  "between ministries",
  "in Szeged and Debrecen",
  "at EU level",
  "",
];
const SENTENCES = [
  "Government agencies and cluster managers meet too rarely to align their calendars.",
  "Universities hold research results that small firms never hear about.",
  "Patient organisations bring real-world insight but have no seat at the table.",
  "Grant rules differ between programmes, so every application starts from scratch.",
  "A shared register of projects would avoid parallel initiatives in the same sector.",
  "Peers from Lithuania and Slovenia described a matchmaking model that could be adapted.",
  "Results should be reported once a year to every level of government, in one format.",
  "Őszinte visszajelzés: the pilot must be evaluated before it is scaled up.",
];
const ORGANISATIONS = [
  "Ministry for Innovation and Technology",
  "National Research, Development and Innovation Office",
  "Hungarian Cluster Association",
  "Semmelweis University",
  "Kőbánya–Újpest Health Cluster",
  "Patient Advocacy Network Hungary",
];

function title(rng: Rng, kind: "challenge" | "solution") {
  const place = rng.pick(PLACES);
  const head = kind === "challenge" ? `${rng.pick(ACTIONS)} ${rng.pick(TOPICS)}` : `A ${rng.pick(TOPICS)} programme`;
  return `${head}${place ? ` ${place}` : ""}`.slice(0, 120);
}
function body(rng: Rng) {
  if (rng.next() < 0.4) return null;
  return Array.from({ length: 1 + rng.int(4) }, () => rng.pick(SENTENCES)).join(" ");
}

/** Weighted sampling by helix: a few items draw most of the points, each with its own helix profile. */
function sampler(rng: Rng, items: number[]) {
  const popularity = items.map(() => 1 / (1 + rng.int(items.length)) ** 0.8);
  const cumulative = Object.fromEntries(
    HELICES.map((h) => {
      let sum = 0;
      return [h, items.map((_, k) => (sum += popularity[k] * (0.2 + rng.next() * 1.6)))];
    }),
  ) as Record<Helix, number[]>;
  return (helix: Helix) => {
    const c = cumulative[helix];
    const x = rng.next() * c[c.length - 1];
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

/** One voter's ballot: `budget` points in chunks of at most `cap`, on distinct items. */
function ballot(rng: Rng, voter: number, helix: Helix, draw: (h: Helix) => number, budget: number, cap: number) {
  const votes: PlannedVote[] = [];
  const chosen = new Set<number>();
  let left = budget - rng.int(2); // some leave a point unspent
  for (let tries = 0; left > 0 && tries < 50; tries++) {
    const item = draw(helix);
    if (chosen.has(item)) continue;
    chosen.add(item);
    const points = Math.min(left, 1 + rng.int(cap));
    votes.push({ voter, item, points });
    left -= points;
  }
  return votes;
}

function makePlan(options: { participants: number; contributions: number; recommendations: number; seed: number }): Plan {
  const rng = prng(options.seed);
  // Every helix and role at least once, then business as the biggest helix and a few peers and observers.
  const participants = Array.from({ length: options.participants }, (_, i) => {
    if (i < HELICES.length * ROLES.length) return { helix: HELICES[i % 4], role: ROLES[Math.floor(i / 4)] };
    const x = rng.next();
    const helix: Helix = x < 0.25 ? "government" : x < 0.45 ? "academia" : x < 0.85 ? "business" : "community";
    const y = rng.next();
    const role: Role = y < 0.05 ? "observer" : y < 0.2 ? "international_peer" : "local_stakeholder";
    return { helix, role };
  });
  const voters = participants.flatMap((p, i) => (p.role === "observer" ? [] : [i]));

  const challengeCount = Math.max(1, Math.round(options.contributions / 10));
  const contributions: PlannedContribution[] = [];
  for (let i = 0; i < challengeCount; i++) {
    const x = rng.next();
    contributions.push({
      kind: "challenge",
      title: title(rng, "challenge"),
      body: body(rng),
      author: i < challengeCount / 10 ? null : rng.pick(voters),
      parent: null,
      status: i === 0 ? "visible" : x < 0.03 ? "merged" : x < 0.04 ? "hidden" : "visible",
      mergedInto: null,
    });
  }
  const openChallenges = contributions.flatMap((c, i) => (c.status === "visible" ? [i] : []));
  for (const c of contributions) if (c.status === "merged") c.mergedInto = rng.pick(openChallenges);
  const drawChallenge = sampler(rng, openChallenges);
  while (contributions.length < options.contributions) {
    const x = rng.next();
    contributions.push({
      kind: "solution",
      title: title(rng, "solution"),
      body: body(rng),
      author: rng.pick(voters),
      parent: drawChallenge(rng.pick(HELICES)),
      status: x < 0.04 ? "merged" : x < 0.06 ? "hidden" : "visible",
      mergedInto: null,
    });
  }
  // A merged solution joins a visible one of the same challenge (or stays visible when it is alone).
  const visibleSolutionsOf = new Map<number, number[]>();
  contributions.forEach((c, i) => {
    if (c.kind === "solution" && c.status === "visible" && c.parent !== null)
      visibleSolutionsOf.set(c.parent, [...(visibleSolutionsOf.get(c.parent) ?? []), i]);
  });
  for (const c of contributions) {
    if (c.kind !== "solution" || c.status !== "merged" || c.parent === null) continue;
    const targets = visibleSolutionsOf.get(c.parent);
    if (targets?.length) c.mergedInto = rng.pick(targets);
    else c.status = "visible";
  }

  const challengeVote = voters.flatMap((v) => ballot(rng, v, participants[v].helix, drawChallenge, 5, 3));
  const openSolutions = contributions.flatMap((c, i) => (c.kind === "solution" && c.status === "visible" ? [i] : []));
  const drawSolution = sampler(rng, openSolutions);
  const solutionVote = voters.flatMap((v) => ballot(rng, v, participants[v].helix, drawSolution, 10, 3));

  const solutionPoints = new Map<number, number>();
  for (const v of solutionVote) solutionPoints.set(v.item, (solutionPoints.get(v.item) ?? 0) + v.points);
  const topSolutions = [...solutionPoints.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 60)
    .map(([item]) => item);
  const recommendations = Array.from({ length: options.recommendations }, (_, i): PlannedRecommendation => {
    const appeal = Object.fromEntries(HELICES.map((h) => [h, 0.1 + rng.next() * 0.8])) as Record<Helix, number>;
    const links = [...new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(topSolutions)))];
    return {
      title: `${rng.pick(ACTIONS)} ${rng.pick(TOPICS)}: recommendation ${i + 1}`,
      body: body(rng),
      owner: i % 3 === 0 ? { kind: "helix", helix: HELICES[i % 4] } : { kind: "organisation", name: rng.pick(ORGANISATIONS) },
      deadline:
        i % 4 === 3 ? null : `2025-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`,
      priority: rng.pick(PRIORITIES),
      links,
      endorsedBy: voters.filter((v) => rng.next() < appeal[participants[v].helix]),
    };
  });
  return { participants, contributions, challengeVote, solutionVote, recommendations };
}

const GENERATED_AT = Date.UTC(2024, 10, 15, 17, 0, 0);

/** The plan as the report service would read it from the database. */
function planInput(plan: Plan): ReportInput {
  const id = (i: number) => `c-${i}`;
  const contributions: ContributionView[] = plan.contributions.map((c, i) => {
    const author = c.author === null ? null : plan.participants[c.author];
    return {
      id: id(i),
      kind: c.kind,
      parentId: c.parent === null ? null : id(c.parent),
      title: c.title,
      body: c.body,
      status: c.status,
      mergedInto: c.mergedInto === null ? null : id(c.mergedInto),
      origin: c.author === null ? "host" : "participant",
      helix: author?.helix ?? null,
      role: author?.role ?? null,
      authorName: null,
      authorId: c.author === null ? null : `p-${c.author}`,
      createdAt: GENERATED_AT - 86_400_000 + i * 1000,
      editedAt: null,
    };
  });
  // Everyone joined before the first vote: both votes have the same electorate.
  const electorate = electorateOf(plan.participants);
  const results = (stepId: string, kind: "challenge" | "solution", votes: PlannedVote[]): VoteResults => {
    const items: Record<string, HelixPoints> = {};
    const turnout = emptyHelixCounts();
    const voted = new Set<number>();
    for (const v of votes) {
      const helix = plan.participants[v.voter].helix;
      items[id(v.item)] ??= zeroPoints();
      items[id(v.item)][helix] += v.points;
      if (!voted.has(v.voter)) turnout[helix] += 1;
      voted.add(v.voter);
    }
    return {
      stepId,
      stepTitle: null,
      kind,
      items,
      electorate: { ...electorate },
      turnout,
      threshold: DEFAULT_SUPPORT_THRESHOLD,
      challengeIds: null,
    };
  };
  const recommendations: RecommendationView[] = plan.recommendations.map((r, i) => {
    const endorsements = zeroPoints();
    for (const v of r.endorsedBy) endorsements[plan.participants[v].helix] += 1;
    return {
      id: `r-${i}`,
      position: i,
      title: r.title,
      body: r.body,
      owner: r.owner,
      deadline: r.deadline,
      priority: r.priority,
      linkedIds: r.links.map(id),
      endorsements,
      updatedAt: GENERATED_AT,
    };
  });
  return {
    workshop: {
      id: "bench-workshop",
      title: "Report benchmark: the Hungarian quadruple helix at scale",
      hostOrganisation: "MediKlaszter with the Lithuanian Innovation Centre",
      venue: "Budapest",
      startsOn: "2024-11-14",
      endsOn: "2024-11-15",
      status: "closed",
    },
    facilitators: ["Eszter Kovács", "Rūta Petrauskienė"],
    invitedHelices: HELICES,
    participants: plan.participants,
    contributions,
    pointsGiven: [...plan.challengeVote, ...plan.solutionVote].reduce((sum, v) => sum + v.points, 0),
    votes: [
      results("bench-vote-challenges", "challenge", plan.challengeVote),
      results("bench-vote-solutions", "solution", plan.solutionVote),
    ],
    recommendations,
    generatedAt: GENERATED_AT,
  };
}

// ── The same plan through the services, on a temporary SQLite file ────────────────────────────

function must<T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

/**
 * Writes the plan through the services (sign-up, workshop, joins, challenges, merges, hides, both
 * votes, recommendations, endorsements), except the solutions: those are inserted as rows in one
 * transaction, because submitting one through the service reads every contribution of the
 * workshop (to find its challenge), which makes 4,500 of them quadratic. Returns the workshop id.
 */
async function seedDatabase(databasePath: string, plan: Plan) {
  const database = openDatabase(databasePath);
  try {
    const services = createServices({ db: database.db, publish: silentPublish });
    const phases: Record<string, number> = {};
    let phaseStart = performance.now();
    const phase = (name: string) => {
      phases[name] = round((performance.now() - phaseStart) / 1000, 2);
      phaseStart = performance.now();
    };
    const facilitator = must(
      await services.facilitators.signUp({ name: "Eszter Kovács", email: "bench@example.org", password: "benchmark password" }),
    );
    const actor: Actor = { kind: "facilitator", facilitatorId: facilitator.id };
    const workshop = must(
      await services.workshops.create(actor, {
        title: "Report benchmark: the Hungarian quadruple helix at scale",
        hostOrganisation: "MediKlaszter with the Lithuanian Innovation Centre",
        venue: "Budapest",
        startsOn: "2024-11-14",
        endsOn: "2024-11-15",
      }),
    );
    const steps = (await services.room.snapshot(workshop.id, "facilitator"))?.steps ?? [];
    const goTo = async (kind: string) => {
      const step = steps.find((s) => s.kind === kind);
      if (!step) throw new Error(`no ${kind} step`);
      must(await services.agenda.goToStep(actor, workshop.id, { stepId: step.id }));
      return step.id;
    };
    const people = await mapInOrder(plan.participants, async (p, i) => {
      const joined = must(await services.participants.join(workshop.joinCode, p, { joinKey: `bench-join-${i}` }));
      return {
        ...p,
        id: joined.participant.id,
        actor: { kind: "participant", participantId: joined.participant.id, workshopId: workshop.id } as Actor,
      };
    });

    phase("joins_s");
    const ids: string[] = [];
    await goTo("collect_challenges");
    await mapInOrder(plan.contributions, async (c, i) => {
      if (c.kind !== "challenge") return;
      const who = c.author === null ? actor : people[c.author].actor;
      ids[i] = must(
        await services.contributions.submit(who, workshop.id, {
          kind: "challenge",
          clientId: `bench-c-${i}`,
          title: c.title,
          body: c.body,
        }),
      ).id;
    });
    phase("challenges_s");
    await goTo("collect_solutions");
    const now = Date.now();
    const rows: Contribution[] = [];
    plan.contributions.forEach((c, i) => {
      if (c.kind !== "solution" || c.author === null || c.parent === null) return;
      ids[i] = `bench-solution-${i}`;
      const author = people[c.author];
      rows.push({
        id: ids[i],
        workshopId: workshop.id,
        kind: "solution",
        parentId: ids[c.parent],
        title: c.title,
        body: c.body,
        origin: "participant",
        authorId: author.id,
        authorFacilitatorId: null,
        helix: author.helix,
        role: author.role,
        status: "visible",
        mergedInto: null,
        clientId: `bench-s-${i}`,
        createdAt: now + i,
        editedAt: null,
      });
    });
    database.db.transaction((tx) => {
      for (let k = 0; k < rows.length; k += 500)
        tx.insert(contributionsTable)
          .values(rows.slice(k, k + 500))
          .run();
    });
    phase("solutions_bulk_s");
    await mapInOrder(plan.contributions, async (c, i) => {
      if (c.status === "merged" && c.mergedInto !== null)
        must(await services.moderation.merge(actor, workshop.id, { sourceId: ids[i], targetId: ids[c.mergedInto] }));
      if (c.status === "hidden") must(await services.moderation.hide(actor, workshop.id, { contributionId: ids[i] }));
    });

    phase("merges_and_hides_s");
    let n = 0;
    const vote = async (votes: PlannedVote[]) => {
      for (const v of votes)
        must(
          await services.voting.vote(people[v.voter].actor, workshop.id, {
            clientId: `bench-vote-${n++}`,
            contributionId: ids[v.item],
            points: v.points,
          }),
        );
    };
    const challengeStep = steps.find((s) => s.kind === "vote_challenges")?.id as string;
    const solutionStep = steps.find((s) => s.kind === "vote_solutions")?.id as string;
    // Settings first, then the step: the ballot is open at once.
    must(await services.voting.setSettings(actor, workshop.id, { stepId: challengeStep, settings: { budget: 5, cap: 3 } }));
    await goTo("vote_challenges");
    await vote(plan.challengeVote);
    must(await services.voting.setSettings(actor, workshop.id, { stepId: solutionStep, settings: { budget: 10, cap: 3 } }));
    await goTo("vote_solutions");
    await vote(plan.solutionVote);

    phase("votes_s");
    await goTo("recommendations");
    await mapInOrder(plan.recommendations, async (r, i) => {
      const saved = must(
        await services.recommendations.save(actor, workshop.id, {
          clientId: `bench-recommendation-${i}`,
          title: r.title,
          body: r.body,
          owner: r.owner,
          deadline: r.deadline,
          priority: r.priority,
          linkedIds: r.links.map((l) => ids[l]),
        }),
      );
      for (const v of r.endorsedBy)
        must(
          await services.recommendations.endorse(people[v].actor, workshop.id, { recommendationId: saved.id, endorsed: true }),
        );
    });
    must(await services.workshops.setStatus(actor, workshop.id, { status: "closed" }));
    phase("recommendations_and_endorsements_s");
    return { workshopId: workshop.id, phases };
  } finally {
    database.close();
  }
}

async function modelFromDatabase(databasePath: string, workshopId: string) {
  const database = openDatabase(databasePath);
  try {
    const services = createServices({ db: database.db, publish: silentPublish });
    const start = performance.now();
    const model = must(await services.reports.model({ kind: "system" }, workshopId));
    return { model, ms: performance.now() - start };
  } finally {
    database.close();
  }
}

// ── Rendering, one fresh process per format ─────────────────────────────────────────────────────

type ChildResult = {
  ms: number;
  warm_ms: number;
  bytes: number;
  rss_before_mb: number;
  peak_rss_mb: number;
  looks_right: boolean;
};

/** The file starts as that format's files do (and the JSON parses). */
function looksRight(format: ReportFormat, bytes: Buffer): boolean {
  const head = bytes.subarray(0, 16).toString("utf8");
  switch (format) {
    case "pdf":
      return head.startsWith("%PDF");
    case "docx":
      return head.startsWith("PK");
    case "html":
      return head.toLowerCase().startsWith("<!doctype html");
    case "md":
      return head.startsWith("# ");
    case "csv":
      return head.replace(/^\uFEFF/, "").startsWith("section,");
    case "json":
      try {
        return JSON.parse(bytes.toString("utf8")).schemaVersion !== undefined;
      } catch {
        return false;
      }
  }
}

async function child(format: string, modelPath: string) {
  if (!isReportFormat(format)) throw new Error(`unknown format ${format}`);
  const { renderReport } = await import("../../app/report/formats.server");
  const model = JSON.parse(readFileSync(modelPath, "utf8")) as ReportModel;
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const bytes = await renderReport(model, format);
  const ms = performance.now() - start;
  // maxRSS is in kilobytes: the peak of this process, which did nothing but load the model and render.
  const peakKb = process.resourceUsage().maxRSS;
  const warmStart = performance.now();
  await renderReport(model, format);
  const result: ChildResult = {
    ms,
    warm_ms: performance.now() - warmStart,
    bytes: bytes.length,
    rss_before_mb: rssBefore / 1024 / 1024,
    peak_rss_mb: peakKb / 1024,
    looks_right: looksRight(format, bytes),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function renderInChild(format: ReportFormat, modelPath: string, timeoutMs: number) {
  return new Promise<ChildResult | { error: string }>((resolve) => {
    const script = fileURLToPath(import.meta.url);
    const proc = spawn(process.execPath, ["--import", "tsx", script, "--child", format, "--model", modelPath], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    proc.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) return resolve(JSON.parse(last) as ChildResult);
      const why = signal ? `killed (${signal}) after ${timeoutMs} ms` : `exit ${code}`;
      resolve({ error: `${why}: ${stderr.trim().split("\n").slice(0, 6).join(" | ").slice(0, 600)}` });
    });
  });
}

async function main() {
  const args = parseArgs(argsSchema, process.argv.slice(2));
  if (args.child) {
    if (!args.model) throw new Error("--child needs --model <path>");
    return child(args.child, args.model);
  }
  const deadline = setTimeout(() => {
    console.error(`Benchmark exceeded ${args.timeoutSeconds} s; stopping.`);
    process.exit(1);
  }, args.timeoutSeconds * 1000);
  const log = (message: string) => (args.json ? console.error(message) : console.log(message));

  const dir = mkdtempSync(join(tmpdir(), "helix-review-bench-report-"));
  try {
    const plan = makePlan(args);
    const input = planInput(plan);
    const buildStart = performance.now();
    let model = buildReport(input);
    const domainBuildMs = performance.now() - buildStart;
    log(
      `Workshop: ${plan.participants.length} participants, ${plan.contributions.length} contributions ` +
        `(${model.summary.contributions.challenges} challenges and ${model.summary.contributions.solutions} solutions visible), ` +
        `${input.pointsGiven} points, ${plan.recommendations.length} recommendations; model built in ${round(domainBuildMs)} ms.`,
    );

    let fromDb: { seed_s: number; seed_phases: Record<string, number>; model_build_ms: number } | null = null;
    if (args.fromDb) {
      log("Writing the same workshop through the services to a temporary SQLite file…");
      const databasePath = join(dir, "bench.sqlite");
      const seedStart = performance.now();
      const { workshopId, phases } = await seedDatabase(databasePath, plan);
      const seedS = (performance.now() - seedStart) / 1000;
      const built = await modelFromDatabase(databasePath, workshopId);
      fromDb = { seed_s: round(seedS, 1), seed_phases: phases, model_build_ms: round(built.ms) };
      const same = (m: ReportModel) => JSON.stringify([m.summary, m.participation, m.challenges.items.length]);
      if (same(built.model) !== same(model)) log("Warning: the model from the database differs from the planned one.");
      model = built.model;
      log(`Seeded in ${round(seedS, 1)} s (${JSON.stringify(phases)}); model built from the database in ${round(built.ms)} ms.`);
    }

    const modelPath = join(dir, "model.json");
    writeFileSync(modelPath, JSON.stringify(model));
    const formats: Record<
      string,
      {
        ms: number | null;
        warm_ms: number | null;
        peak_rss_mb: number | null;
        rss_before_mb: number | null;
        bytes: number | null;
        target_ms: number;
        ok: boolean;
        error?: string;
      }
    > = {};
    for (const format of REPORT_FORMAT_NAMES) {
      log(`Rendering ${format}…`);
      const result = await renderInChild(format, modelPath, Math.max(60_000, TARGET_MS[format] * 6));
      if ("error" in result) {
        formats[format] = {
          ms: null,
          warm_ms: null,
          peak_rss_mb: null,
          rss_before_mb: null,
          bytes: null,
          target_ms: TARGET_MS[format],
          ok: false,
          error: result.error,
        };
        continue;
      }
      formats[format] = {
        ms: round(result.ms),
        warm_ms: round(result.warm_ms),
        peak_rss_mb: round(result.peak_rss_mb),
        rss_before_mb: round(result.rss_before_mb),
        bytes: result.bytes,
        target_ms: TARGET_MS[format],
        ok: result.looks_right && result.ms < TARGET_MS[format],
        ...(result.looks_right ? {} : { error: "the output does not start as a file of this format" }),
      };
    }

    const output = {
      participants: plan.participants.length,
      contributions: plan.contributions.length,
      formats,
      model_build_ms: fromDb ? fromDb.model_build_ms : round(domainBuildMs),
      model_source: fromDb ? "database" : "domain",
      domain_build_ms: round(domainBuildMs),
      db: fromDb,
      model_json_bytes: readFileSync(modelPath).length,
      node: process.version,
      cpus: availableParallelism(),
    };
    if (!args.json) {
      console.log("");
      console.table(
        Object.fromEntries(
          Object.entries(formats).map(([format, f]) => [
            format,
            {
              "render ms (cold)": f.ms ?? "—",
              "render ms (warm)": f.warm_ms ?? "—",
              "target ms": f.target_ms,
              "RSS before MB": f.rss_before_mb ?? "—",
              "peak RSS MB": f.peak_rss_mb ?? "—",
              "size KB": f.bytes === null ? "—" : round(f.bytes / 1024),
              ok: f.ok ? "yes" : `NO${f.error ? `: ${f.error}` : ""}`,
            },
          ]),
        ),
      );
      console.log(
        `Model: ${output.model_source}, built in ${output.model_build_ms} ms (domain only: ${output.domain_build_ms} ms); ` +
          `${round(output.model_json_bytes / 1024 / 1024, 2)} MB of JSON. Node ${output.node}, ${output.cpus} CPUs.`,
      );
    }
    console.log(JSON.stringify(output));
    clearTimeout(deadline);
    return Object.values(formats).every((f) => f.ok) ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    if (typeof code === "number") process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
