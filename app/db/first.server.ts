/** The first row of a query's answer (what `.get()` was on SQLite), or undefined when there is none. */
export async function first<Row>(query: PromiseLike<Row[]>): Promise<Row | undefined> {
  return (await query)[0];
}
