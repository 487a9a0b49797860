import type { EndorsementCounts, WorkshopEvent, WorkshopState } from "./workshop-state";

/** A participant's own points in the current vote step, and what is left of their budget. */
export type Ballot = { stepId: string; points: Record<string, number>; remaining: number };

/**
 * What a (re)connecting client receives for `workshop:sync`: the events it missed, or a snapshot
 * when it is too far behind. `serverTime` lets clients show timers on the server's clock, whatever
 * their own says; `tallies` (when this audience may see them) and a participant's own `ballot` are
 * always current.
 */
export type SyncResult = ({ mode: "events"; events: WorkshopEvent[] } | { mode: "snapshot"; snapshot: WorkshopState }) & {
  serverTime: number;
  tallies: WorkshopState["tallies"];
  ballot: Ballot | null;
  /** Current endorsement counts (they are not in the event log) and, for a participant, what they endorsed. */
  endorsements: EndorsementCounts;
  myEndorsements: string[];
};
