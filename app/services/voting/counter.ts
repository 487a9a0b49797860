/**
 * Votes acknowledged per workshop since the server started: the tally stream says how far its
 * totals go (`upTo`), so a screen can tell a stale total from a fresh one.
 */
export function createVoteCounter() {
  const seq = new Map<string, number>();
  return {
    current: (workshopId: string) => seq.get(workshopId) ?? 0,
    next(workshopId: string) {
      const value = (seq.get(workshopId) ?? 0) + 1;
      seq.set(workshopId, value);
      return value;
    },
  };
}
export type VoteCounter = ReturnType<typeof createVoteCounter>;
