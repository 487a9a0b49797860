import { HELICES, type Helix, type Role } from "../domain/helix";
import type { SupportLabel } from "../domain/helix-metrics";
import type { Priority, RecommendationOwner } from "../domain/recommendations";

/** The report's words (reports are written in English; the app's i18n covers the live screens). */
export const HELIX_NAME: Record<Helix, string> = {
  government: "Government",
  academia: "Academia",
  business: "Business",
  community: "Community",
};
export const ROLE_NAME: Record<Role, string> = {
  local_stakeholder: "Local stakeholders",
  international_peer: "International peers",
  observer: "Observers",
};
export const LABEL_NAME: Record<SupportLabel, string> = {
  consensus: "Consensus",
  divergent: "Divergent",
  "single-helix": "Single helix",
  none: "No support",
};

export const score = (n: number) => (Math.round(n * 100) / 100).toString();
export const helixList = (helices: readonly Helix[]) => (helices.length ? helices.map((h) => HELIX_NAME[h]).join(", ") : "none");

export const PRIORITY_NAME: Record<Priority, string> = { high: "High", medium: "Medium", low: "Low" };

/** Who should act: a helix by name, or the organisation as typed (each format escapes it). */
export const ownerLabel = (owner: RecommendationOwner) => (owner.kind === "helix" ? HELIX_NAME[owner.helix] : owner.name);

/** "2024-11-14 – 2024-11-15", one date when the day is one, null when none is set. */
export function dateRange(dates: { from: string | null; to: string | null }): string | null {
  if (!dates.from) return null;
  return dates.to && dates.to !== dates.from ? `${dates.from} – ${dates.to}` : dates.from;
}

/** Endorsements by helix in house order, e.g. "Government 3, Academia 1, Business 5, Community 0". */
export const endorsementLine = (byHelix: Record<Helix, number>) =>
  HELICES.map((h) => `${HELIX_NAME[h]} ${byHelix[h]}`).join(", ");

export const KIND_NAME = { challenge: "Challenge", solution: "Solution" } as const;

/** The report's sections after its title block, in order: every format uses these headings. */
export const SECTION_TITLE = {
  summary: "Summary",
  participation: "Participation",
  challenges: "Challenges",
  solutions: "Solutions",
  agreement: "Where the helices agree and where they diverge",
  recommendations: "Recommendations and action plan",
  annex: "Annex",
} as const;
export const SECTION_TITLES: readonly string[] = Object.values(SECTION_TITLE);
