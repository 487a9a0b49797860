import { HELICES, type Helix, type HelixCounts } from "./helix";

/**
 * The quadruple-helix lens (ARCHITECTURE.md, "Quadruple-helix metrics"). For an item c and helix h,
 * with n_h participants of h who could vote and p_h(c) the points they gave c:
 *   raw score            Σ_h p_h(c)
 *   per-capita support   s_h(c) = p_h(c) / n_h      (undefined — null — when n_h = 0: h is absent)
 *   balanced score       mean of s_h(c) over the present helices (every helix weighs the same)
 *   breadth              how many present helices give at least `threshold` points per person
 *   spread               max − min of s_h(c) over the present helices
 *   label                consensus | divergent | single-helix | none
 * Absent helices are reported, never averaged in as zeros.
 */
export type HelixPoints = Record<Helix, number>;
export type SupportLabel = "consensus" | "divergent" | "single-helix" | "none";

/** Default support threshold: a quarter of a point per person of the helix. */
export const DEFAULT_SUPPORT_THRESHOLD = 0.25;

export type ItemMetrics = {
  raw: number;
  points: HelixPoints;
  /** Points per person, by helix; null for a helix with nobody who could vote. */
  support: Record<Helix, number | null>;
  balanced: number;
  breadth: number;
  spread: number;
  label: SupportLabel;
  /** Present helices whose support reaches the threshold, in house order. */
  supportedBy: Helix[];
  /** Present helices whose support stays below it. */
  notSupportedBy: Helix[];
};

export const zeroPoints = (): HelixPoints => ({ government: 0, academia: 0, business: 0, community: 0 });

/** Present helices: those with at least one participant who could vote. */
export const presentHelices = (voters: HelixCounts): Helix[] => HELICES.filter((h) => voters[h] > 0);

export function itemMetrics(
  points: Partial<HelixPoints>,
  voters: HelixCounts,
  threshold = DEFAULT_SUPPORT_THRESHOLD,
): ItemMetrics {
  const p = { ...zeroPoints(), ...points };
  const present = presentHelices(voters);
  const support = Object.fromEntries(HELICES.map((h) => [h, voters[h] > 0 ? p[h] / voters[h] : null])) as Record<
    Helix,
    number | null
  >;
  const values = present.map((h) => support[h] as number);
  const supportedBy = present.filter((h) => (support[h] as number) >= threshold);
  const notSupportedBy = present.filter((h) => (support[h] as number) < threshold);
  return {
    raw: HELICES.reduce((sum, h) => sum + p[h], 0),
    points: p,
    support,
    balanced: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
    breadth: supportedBy.length,
    spread: values.length ? Math.max(...values) - Math.min(...values) : 0,
    label: labelFor(supportedBy.length, present.length),
    supportedBy,
    notSupportedBy,
  };
}

function labelFor(supported: number, present: number): SupportLabel {
  if (supported === 0) return "none";
  if (supported === 1) return "single-helix";
  if (supported === present) return "consensus";
  return "divergent";
}

export type RankedItem<T> = T & { metrics: ItemMetrics; rank: number };

/** One item of a closing summary's ranking: where the room's last seen vote put it, and its scores. */
export type ClosingRanked = { id: string; rank: number; balanced: number; raw: number; label: SupportLabel };

/**
 * Items ranked by balanced score (or raw score), highest first. Ties on the ordering score are
 * broken by the other score, then by submission order; items equal on both share a rank (1, 1, 3).
 */
export function rankItems<T extends { id: string; createdAt: number }>(
  items: readonly T[],
  pointsOf: (item: T) => Partial<HelixPoints> | undefined,
  voters: HelixCounts,
  options: { threshold?: number; order?: "balanced" | "raw" } = {},
): RankedItem<T>[] {
  const order = options.order ?? "balanced";
  const withMetrics = items.map((item) => ({ ...item, metrics: itemMetrics(pointsOf(item) ?? {}, voters, options.threshold) }));
  const primary = (i: (typeof withMetrics)[number]) => (order === "balanced" ? i.metrics.balanced : i.metrics.raw);
  const secondary = (i: (typeof withMetrics)[number]) => (order === "balanced" ? i.metrics.raw : i.metrics.balanced);
  const EPS = 1e-9;
  const sorted = withMetrics.sort((a, b) => primary(b) - primary(a) || secondary(b) - secondary(a) || a.createdAt - b.createdAt);
  let rank = 0;
  return sorted.map((item, index) => {
    const previous = sorted[index - 1];
    const tied =
      previous && Math.abs(primary(previous) - primary(item)) < EPS && Math.abs(secondary(previous) - secondary(item)) < EPS;
    if (!tied) rank = index + 1;
    return { ...item, rank };
  });
}

/** The ranked items anyone gave points to: what the room's screens rank (an item with none is not "#1"). */
export const withPoints = <T extends { metrics: { raw: number } }>(ranked: readonly T[]): T[] =>
  ranked.filter((item) => item.metrics.raw > 0);

/**
 * Is the room balanced enough to read the results at face value? A warning when one helix is more
 * than half of those who could vote, and the helices that are absent.
 */
export function roomBalance(voters: HelixCounts, expected: readonly Helix[] = HELICES) {
  const total = HELICES.reduce((sum, h) => sum + voters[h], 0);
  const dominant = total > 0 ? (HELICES.find((h) => voters[h] / total > 0.5) ?? null) : null;
  return {
    total,
    dominant,
    dominantShare: dominant ? voters[dominant] / total : null,
    absent: expected.filter((h) => voters[h] === 0),
  };
}
