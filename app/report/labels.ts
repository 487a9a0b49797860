import type { Helix, Role } from "../domain/helix";
import type { SupportLabel } from "../domain/helix-metrics";

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
