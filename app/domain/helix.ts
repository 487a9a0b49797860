/**
 * The four helices and the roles a participant can speak for. Order matters: every chart,
 * count and report lists helices in this order.
 */
export const HELICES = ["government", "academia", "business", "community"] as const;
export type Helix = (typeof HELICES)[number];

export const ROLES = ["local_stakeholder", "international_peer", "observer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Colours used on every screen and in reports: distinct hues, each dark enough for white text
 * at WCAG AA contrast (≥ 4.5:1) on badges and bars.
 */
export const HELIX_COLORS: Record<Helix, string> = {
  government: "#1864ab",
  academia: "#6741d9",
  business: "#c2410c",
  community: "#2b7a3b",
};

export type HelixCounts = Record<Helix, number>;

/** Observers follow the work: they neither vote nor endorse. Every other role does. */
export const takesPartInDecisions = (role: Role): boolean => role !== "observer";

/** The roles whose participants vote and endorse (what the database filters on). */
export const DECIDING_ROLES: readonly Role[] = ROLES.filter(takesPartInDecisions);

export function emptyHelixCounts(): HelixCounts {
  return { government: 0, academia: 0, business: 0, community: 0 };
}

export function countByHelix(items: Iterable<{ helix: Helix }>): HelixCounts {
  const counts = emptyHelixCounts();
  for (const item of items) counts[item.helix] += 1;
  return counts;
}

export function countByRole(items: Iterable<{ role: Role }>): Record<Role, number> {
  const counts: Record<Role, number> = { local_stakeholder: 0, international_peer: 0, observer: 0 };
  for (const item of items) counts[item.role] += 1;
  return counts;
}

/** Helices the workshop expects but nobody speaks for yet: the room must be told, never silently averaged. */
export function absentHelices(counts: HelixCounts, expected: readonly Helix[] = HELICES): Helix[] {
  return expected.filter((helix) => counts[helix] === 0);
}

/**
 * Who could vote, per helix: the participants present who take part in decisions. A vote step's
 * electorate is this count while the step is open, and is stored with the step when the room
 * moves on (docs/decisions/0008-frozen-electorate.md).
 */
export function electorateOf(people: Iterable<{ helix: Helix; role: Role }>): HelixCounts {
  const counts = emptyHelixCounts();
  for (const person of people) if (takesPartInDecisions(person.role)) counts[person.helix] += 1;
  return counts;
}

export const sumCounts = (counts: HelixCounts): number => HELICES.reduce((sum, h) => sum + counts[h], 0);
