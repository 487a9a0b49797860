/** How often at most phones get new vote totals in a small room (a new step or a reveal: at once). */
export const PHONE_TALLY_INTERVAL_MS = 1000;
/** Writes a second a workshop's phones' totals may cost: past 2,000 phones their interval grows. */
export const PHONE_TALLY_WRITES_PER_SECOND = 2000;
/** However big the room, phones' totals are never more than this apart while a vote runs. */
export const PHONE_TALLY_MAX_INTERVAL_MS = 10_000;

/**
 * The time between two totals messages to a room's phones (ADR 0013): each phone is a write of its
 * own, so a room of thousands gets them less often — every 5 s at 10,000 phones.
 */
export function phoneTallyInterval(phones: number, floorMs = PHONE_TALLY_INTERVAL_MS): number {
  return Math.min(PHONE_TALLY_MAX_INTERVAL_MS, Math.max(floorMs, (phones / PHONE_TALLY_WRITES_PER_SECOND) * 1000));
}
