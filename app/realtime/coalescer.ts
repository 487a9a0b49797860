/** What a coalescer logs: a failed read or notice, with its error. */
export type Log = (message: string, error?: unknown) => void;

/**
 * Marks workshops dirty and calls `flushOne` for each at most once per interval: how the screens
 * get totals that change many times a second without one broadcast per change. One flush at a
 * time: a flush waits for the one before (its reads may take longer than the interval), so what
 * is read is sent in the order it was read. `stop` resolves once the flush under way has ended:
 * after it, nothing reads the database.
 *
 * Several nodes (`tellOthers`): what changed on this node (`changedHere`) is told to the others at
 * most twice per interval, not once per change (2,000 votes a second were 2,000 messages through
 * Redis): at a workshop's first change, and again at this node's next flush if more came meanwhile.
 * Every change is committed before it is told of, and each notice is sent after the changes it
 * covers, so the other nodes' reads, which follow it, include them all. `markDirty` tells no one:
 * for what another node told, and for this node's own re-reads (the phones' owed totals).
 */
export function createCoalescer(
  intervalMs: number,
  flushOne: (workshopId: string) => Promise<void>,
  log: Log,
  tellOthers?: (workshopId: string) => void,
) {
  const dirty = new Set<string>();
  /** Per workshop told of: whether it changed here again since the last notice. */
  const othersOwed = new Map<string, boolean>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let flushing = Promise.resolve();
  /** A notice that fails (the adapter) is logged; this node's own screens still get the flush. */
  const tell = (workshopId: string) => {
    try {
      tellOthers?.(workshopId);
    } catch (error) {
      log(`the other nodes were not told of workshop ${workshopId}`, error);
    }
  };
  async function flushDirty() {
    const batch = [...dirty];
    dirty.clear();
    for (const workshopId of batch) {
      if (othersOwed.get(workshopId)) tell(workshopId);
      othersOwed.delete(workshopId);
      // One workshop's failure (a database error) must neither stop the others nor the server.
      try {
        await flushOne(workshopId);
      } catch (error) {
        log(`coalesced update of workshop ${workshopId} failed`, error);
      }
    }
  }
  /**
   * `timer` stays set until its flush has ended: marks meanwhile wait for the next flush, which is
   * armed then, rather than each queueing a flush behind a slow read.
   */
  function arm() {
    timer = setTimeout(() => {
      flushing = flushing.then(flushDirty).then(() => {
        timer = null;
        if (dirty.size && !stopped) arm();
      });
    }, intervalMs);
  }
  function markDirty(workshopId: string) {
    if (stopped) return;
    dirty.add(workshopId);
    if (!timer) arm();
  }
  return {
    /** Another node changed the workshop: this node's screens get it at the next flush. */
    markDirty,
    /** This node changed the workshop: its screens get it at the next flush, the other nodes are told. */
    changedHere(workshopId: string) {
      if (stopped) return;
      markDirty(workshopId);
      if (!tellOthers) return;
      if (othersOwed.has(workshopId)) othersOwed.set(workshopId, true);
      else {
        othersOwed.set(workshopId, false);
        tell(workshopId);
      }
    },
    /**
     * No more flushes; resolves once the one under way has ended. What changed here since the last
     * notice is told then (the flush under way tells its own first): committed, so the other
     * nodes' screens must not wait for a change that may never come.
     */
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      return flushing.then(() => {
        for (const [workshopId, owed] of othersOwed) if (owed) tell(workshopId);
        othersOwed.clear();
      });
    },
  };
}
