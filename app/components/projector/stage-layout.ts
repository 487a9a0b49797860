/**
 * Pure layout arithmetic of the projector's stage: pages, bands and one-line fitting. The stage is
 * a fixed logical 1920 × 1080 screen (120 × 67.5 rem, see app/styles/stage.css), so every size
 * here is in rem of that stage and the same numbers hold on a 720p beamer and a 4K wall.
 */

/** Splits a list into pages of `perPage` items; an empty list is one empty page. */
export function paginate<T>(items: readonly T[], perPage: number): T[][] {
  const size = Math.max(1, Math.floor(perPage));
  if (items.length === 0) return [[]];
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages;
}

/**
 * The font size (rem) at which `chars` characters of a monospace font fit on one line `widthRem`
 * wide, never above `maxRem`. Monospace advances are 0.55–0.60 em (Consolas to DejaVu Sans Mono);
 * 0.62 leaves a margin, so the join address never wraps, whatever the host name's length.
 */
export function fitMonospace(chars: number, widthRem: number, maxRem: number, advanceEm = 0.62): number {
  if (chars <= 0) return maxRem;
  return Math.min(maxRem, widthRem / (chars * advanceEm));
}

/** A share of the widest bar, in percent (0–100): one scale for every item of a ranking. */
export function shareOf(value: number, top: number): number {
  if (!(top > 0) || !(value > 0)) return 0;
  return Math.min(100, (value / top) * 100);
}

type Contribution = { id: string; kind: "challenge" | "solution"; parentId: string | null; status: string; createdAt: number };

/** Newest first: what arrived last is what the room looks for. */
export const newestFirst = <T extends { createdAt: number }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => b.createdAt - a.createdAt);

/**
 * The solutions board: one band per challenge open for solutions (in the order given, the phone's
 * order), with its solutions newest first, at most `perBand` to a band; a challenge with more runs
 * on in further bands (`part` / `parts`). Challenges not open come back apart, oldest first.
 */
export type SolutionBand<T> = { challenge: T; solutions: T[]; part: number; parts: number };

export function solutionBands<T extends Contribution>(
  contributions: readonly T[],
  openIds: readonly string[],
  perBand: number,
): { bands: SolutionBand<T>[]; closed: T[] } {
  const challenges = new Map(
    contributions.filter((c) => c.kind === "challenge" && c.status === "visible").map((c) => [c.id, c] as const),
  );
  const bands = openIds.flatMap((id) => {
    const challenge = challenges.get(id);
    if (!challenge) return [];
    const solutions = newestFirst(
      contributions.filter((c) => c.kind === "solution" && c.parentId === id && c.status === "visible"),
    );
    const chunks = paginate(solutions, perBand);
    return chunks.map((chunk, index) => ({ challenge, solutions: chunk, part: index + 1, parts: chunks.length }));
  });
  const open = new Set(openIds);
  const closed = [...challenges.values()].filter((c) => !open.has(c.id)).sort((a, b) => a.createdAt - b.createdAt);
  return { bands, closed };
}

/** The contributions a recommendation was drafted from that the room still sees, in the facilitator's order. */
export function linkedContributions<T extends { id: string; status: string }>(
  ids: readonly string[],
  contributions: readonly T[],
): T[] {
  return ids.flatMap((id) => contributions.find((c) => c.id === id && c.status === "visible") ?? []);
}

/**
 * How many solution columns a page of the board shows: up to four fit side by side, so four or
 * fewer are all on one page; more turn three at a time, wider, so their titles read in full.
 */
export const columnsPerPage = (columns: number): number => (columns <= 4 ? Math.max(1, columns) : 3);

/** Challenges by how many solutions the room gave them (then oldest first): what the day worked on most. */
export function challengesBySolutions<T extends Contribution>(
  contributions: readonly T[],
): { challenge: T; solutions: number }[] {
  const counts = new Map<string, number>();
  for (const c of contributions)
    if (c.kind === "solution" && c.status === "visible" && c.parentId) counts.set(c.parentId, (counts.get(c.parentId) ?? 0) + 1);
  return contributions
    .filter((c) => c.kind === "challenge" && c.status === "visible")
    .map((challenge) => ({ challenge, solutions: counts.get(challenge.id) ?? 0 }))
    .sort((a, b) => b.solutions - a.solutions || a.challenge.createdAt - b.challenge.createdAt);
}
