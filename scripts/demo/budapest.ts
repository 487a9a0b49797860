import { randomBytes } from "node:crypto";
import type { Helix, Role } from "../../app/domain/helix";
import type { Actor } from "../../app/services/actor";
import type { Services } from "../../app/services/index.server";
import { mapInOrder } from "../../app/utils/in-order";

/**
 * The Budapest peer review of 14–15 November 2024 (../shared/scenarios), built through the
 * services as a facilitator and ~40 phones would: the three host challenges, solutions, both
 * votes, and the recommendations with their endorsements. Running it again finds the same workshop and adds nothing.
 */
export const DEMO_EMAIL = "demo-facilitator@helix-review.invalid";
const TITLE = "Improving the cooperation of clusters with the participants of the Hungarian Quadruple Helix";

const THEME = `Hungary had about **200 clusters** in 2013; consolidation left about **40 active clusters** by 2022.
Clusters average 30–40 members, with limited management resources and international visibility,
and parallel initiatives in the same sectors.

In 2021 Hungarian clusters had a turnover of 3,407 billion HUF, 2,091 billion HUF of exports,
68,831 jobs and 54 billion HUF of RDI investment. The national ambition: by 2030, 10 % of gross
domestic value added driven by cluster cooperation in key industries.`;

const CHALLENGES = [
  {
    title: "Building a sustainable co-creation platform for the innovation ecosystem",
    body: "Continuous networking and strategic planning among government, academia, business and community; adapting proven international models against fragmentation.",
  },
  {
    title: "Improving policy coherence between ministries, agencies and regional governance",
    body: "Direct communication and joint working groups; clusters showing their results at every level of government, which in turn understands sector-specific needs.",
  },
  {
    title: "Recognising what each helix contributes to health clusters",
    body: "Government: grants and R&D infrastructure. Academia: research shared with industry. Business: treatments, devices, digital health. Community: real-world insight and patient advocacy.",
  },
];

const SOLUTIONS: [number, string][] = [
  [0, "One umbrella platform for all regional innovators, run jointly by the cluster association"],
  [0, "Adopt the Lithuanian Innovation Centre's ecosystem map and matchmaking model"],
  [1, "A standing ministry–cluster working group that meets every quarter"],
  [1, "Clusters report shared results to every level of government once a year"],
  [2, "Patient advocates with a seat on every health cluster's board"],
  [2, "Joint university–SME research vouchers for digital health tools"],
];

type Person = { helix: Helix; role: Role; organisation: string; country: string };
const people = (n: number, helix: Helix, organisation: string): Person[] =>
  Array.from({ length: n }, (_, i) => ({
    helix,
    role: "local_stakeholder",
    organisation: `${organisation} ${i + 1}`,
    country: "Hungary",
  }));

/** 40 people: every helix, local stakeholders, international peers and two observers. */
const PEOPLE: Person[] = [
  ...people(8, "government", "Ministry or agency"),
  ...people(7, "academia", "University or institute"),
  ...people(12, "business", "Cluster member company"),
  ...people(6, "community", "Patient or civic organisation"),
  { helix: "business", role: "international_peer", organisation: "CLUJ-IT cluster", country: "Romania" },
  { helix: "government", role: "international_peer", organisation: "Lithuanian Innovation Centre", country: "Lithuania" },
  { helix: "academia", role: "international_peer", organisation: "Project office", country: "Slovenia" },
  { helix: "community", role: "international_peer", organisation: "Regional innovation network", country: "Slovenia" },
  { helix: "business", role: "international_peer", organisation: "Health cluster", country: "Lithuania" },
  { helix: "government", role: "observer", organisation: "Ministry observer", country: "Hungary" },
  { helix: "academia", role: "observer", organisation: "Doctoral researcher", country: "Hungary" },
];

/** The action plan the day ended with, drafted from the top solutions (indexes into SOLUTIONS). */
const RECOMMENDATIONS = [
  {
    title: "Set up a standing ministry–cluster working group",
    body: "Quarterly meetings of the ministries, the innovation agency and the cluster association; clusters bring their results, government brings sector needs.",
    owner: { kind: "organisation" as const, name: "Ministry for Innovation and Technology" },
    deadline: "2025-06-30",
    priority: "high" as const,
    links: [2, 3],
  },
  {
    title: "Keep the big dream: one umbrella for all regional innovators",
    body: "Start with a shared ecosystem map and matchmaking, adapted from the Lithuanian model, and grow it into a joint platform.",
    owner: { kind: "organisation" as const, name: "MediKlaszter with the Lithuanian Innovation Centre" },
    deadline: "2026-12-31",
    priority: "high" as const,
    links: [0, 1],
  },
  {
    title: "Empower life-science innovators for the health and longevity of the region",
    body: "Research vouchers for university–SME digital health projects; patient advocates on cluster boards.",
    owner: { kind: "helix" as const, helix: "academia" as const },
    deadline: "2025-12-31",
    priority: "medium" as const,
    links: [5, 4],
  },
  {
    title: "Give patient and civic organisations a seat at the table",
    body: null,
    owner: { kind: "helix" as const, helix: "community" as const },
    deadline: null,
    priority: "low" as const,
    links: [4],
  },
];

function must<T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

export async function seedBudapestDemo(services: Services) {
  let password: string | null = null;
  let login = await services.facilitators.findByEmail(DEMO_EMAIL);
  if (!login) {
    password = randomBytes(9).toString("base64url");
    login = must(await services.facilitators.signUp({ name: "Demo facilitator", email: DEMO_EMAIL, password }));
  }
  const actor: Actor = { kind: "facilitator", facilitatorId: login.id };
  const existing = must(await services.workshops.listForFacilitator(actor)).find((w) => w.title === TITLE);
  if (existing) return { workshopId: existing.id, joinCode: existing.joinCode, created: false, email: DEMO_EMAIL, password };

  const workshop = must(
    await services.workshops.create(actor, {
      title: TITLE,
      hostOrganisation: "MediKlaszter with the Lithuanian Innovation Centre",
      theme: THEME,
      venue: "Budapest",
      startsOn: "2024-11-14",
      endsOn: "2024-11-15",
      anonymity: "anonymous",
    }),
  );
  const stepOf = async (kind: string) => {
    const step = (await services.room.snapshot(workshop.id, "facilitator"))?.steps.find((s) => s.kind === kind);
    if (!step) throw new Error(`no ${kind} step`);
    return step.id;
  };
  const goTo = async (kind: string) => must(await services.agenda.goToStep(actor, workshop.id, { stepId: await stepOf(kind) }));

  const challenges = await mapInOrder(CHALLENGES, async (c, i) =>
    must(await services.contributions.submit(actor, workshop.id, { kind: "challenge", clientId: `demo-challenge-${i}`, ...c })),
  );
  const joinedPeople = await mapInOrder(PEOPLE, async ({ helix, role, organisation, country }, i) => {
    const joined = must(
      await services.participants.join(workshop.joinCode, { helix, role, organisation, country }, { joinKey: `demo-join-${i}` }),
    );
    return {
      helix,
      role,
      actor: { kind: "participant", participantId: joined.participant.id, workshopId: workshop.id } as Actor,
    };
  });
  const voters = joinedPeople.filter((p) => p.role !== "observer");

  // Challenge vote: consensus on the platform, business and government on coherence, the health
  // helices (academia, community) on recognition.
  await goTo("vote_challenges");
  let n = 0;
  const vote = async (who: Actor, id: string, points: number) =>
    must(await services.voting.vote(who, workshop.id, { clientId: `demo-vote-${n++}`, contributionId: id, points }));
  for (const p of voters) {
    await vote(p.actor, challenges[0].id, 2);
    if (p.helix === "business" || p.helix === "government") await vote(p.actor, challenges[1].id, 3);
    if (p.helix === "academia" || p.helix === "community") await vote(p.actor, challenges[2].id, 3);
  }

  await goTo("collect_solutions");
  const solutions = await mapInOrder(SOLUTIONS, async ([challenge, title], i) => {
    const author = voters[(i * 7) % voters.length];
    return must(
      await services.contributions.submit(author.actor, workshop.id, {
        kind: "solution",
        clientId: `demo-solution-${i}`,
        title,
        challengeId: challenges[challenge].id,
      }),
    );
  });

  await goTo("vote_solutions");
  for (const [i, p] of voters.entries()) {
    await vote(p.actor, solutions[0].id, 2);
    await vote(p.actor, solutions[p.helix === "community" ? 4 : p.helix === "academia" ? 5 : 2].id, 2);
    if (i % 3 === 0) await vote(p.actor, solutions[3].id, 1);
  }
  await goTo("recommendations");
  const recommendations = await mapInOrder(RECOMMENDATIONS, async (r, i) =>
    must(
      await services.recommendations.save(actor, workshop.id, {
        clientId: `demo-recommendation-${i}`,
        title: r.title,
        body: r.body,
        owner: r.owner,
        deadline: r.deadline,
        priority: r.priority,
        linkedIds: r.links.map((s) => solutions[s].id),
      }),
    ),
  );
  // Endorsements: the working group by everyone, the platform by all but a few, the health ones
  // mostly by academia and community.
  for (const [i, p] of voters.entries()) {
    const endorse = async (r: number) =>
      must(
        await services.recommendations.endorse(p.actor, workshop.id, { recommendationId: recommendations[r].id, endorsed: true }),
      );
    await endorse(0);
    if (i % 4 !== 0) await endorse(1);
    if (p.helix === "academia" || p.helix === "community" || i % 5 === 0) await endorse(2);
    if (p.helix === "community" || p.helix === "government") await endorse(3);
  }
  return { workshopId: workshop.id, joinCode: workshop.joinCode, created: true, email: DEMO_EMAIL, password };
}
