/**
 * Merges: a duplicate merged into another stands for it from then on. A leaf of the domain, so
 * the agenda's and the contributions' rules can both follow merges.
 */
type Mergeable = { id: string; status: string; mergedInto: string | null };

/** Follows merges from `id` to the contribution that now stands for it (undefined if unknown). */
export function survivorOf<T extends Mergeable>(byId: ReadonlyMap<string, T>, id: string): T | undefined {
  let current = byId.get(id);
  for (let hops = 0; current?.status === "merged" && current.mergedInto && hops < 50; hops++)
    current = byId.get(current.mergedInto);
  return current;
}
