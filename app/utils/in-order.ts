/**
 * `items.map(fn)` for an asynchronous `fn`, one item after the other (not all at once): what the
 * synchronous services' `.map` did, in the same order, when each step must see the one before.
 */
export async function mapInOrder<T, R>(items: Iterable<T>, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let index = 0;
  for (const item of items) results.push(await fn(item, index++));
  return results;
}
