import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, Tx } from "../../app/db/client.server";
import { openPostgres, type PgHandle } from "../../app/db/postgres.server";
import { isUniqueViolation, transaction } from "../../app/db/transaction.server";
import { fail } from "../../app/domain/result";
import { migratedDatabases, type PrivatePostgres, startPostgres } from "../support/postgres";

/**
 * The transaction helper on PostgreSQL (ADR 0014 §2): all or nothing, a refusal rolls back, the
 * caller's queries through `db` go to its transaction — its database's only — and a transaction
 * PostgreSQL aborts for a deadlock, or for a unique key a concurrent one took first, runs again.
 */
let postgres: PrivatePostgres;
const handles: PgHandle[] = [];
let one: Db;
let other: Db;

beforeAll(async () => {
  postgres = await startPostgres();
  const databases = await migratedDatabases(postgres);
  for (let i = 0; i < 2; i++) handles.push(await openPostgres(await databases.fresh()));
  await databases.close();
  [one, other] = handles.map((h) => h.services);
}, 120_000);

afterAll(async () => {
  for (const handle of handles) await handle.close();
  await postgres?.stop();
});

const addFacilitator = (tx: Tx | Db, id: string) =>
  tx.insert(tx.tables.facilitators).values({ id, email: `${id}@example.org`, name: id, passwordHash: "x", createdAt: 1 });
const names = async (db: Db) =>
  (await db.select({ id: db.tables.facilitators.id }).from(db.tables.facilitators)).map((r) => r.id).sort();

describe("transaction(db, async (tx) => …) on PostgreSQL", () => {
  it("a read through db inside the transaction sees its writes; a refusal rolls everything back and is returned", async () => {
    const seen = await transaction(one, async (tx) => {
      await addFacilitator(tx, "ana");
      return names(one);
    });
    expect(seen).toEqual(["ana"]);
    const refused = await transaction(one, async (tx) => {
      await addFacilitator(tx, "bela");
      expect(await names(one)).toEqual(["ana", "bela"]);
      return fail("conflict", "No.");
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await names(one)).toEqual(["ana"]);
  });

  it("another database's handle inside it is neither routed into it nor refused as nested", async () => {
    await transaction(one, async (tx) => {
      await addFacilitator(tx, "cili");
      // The other database (another node's pool in the tests) sees nothing of this transaction.
      expect(await names(other)).toEqual([]);
      await transaction(other, async (otherTx) => addFacilitator(otherTx, "dora"));
    });
    expect(await names(one)).toContain("cili");
    expect(await names(other)).toEqual(["dora"]);
    await expect(transaction(one, async () => transaction(one, async () => null))).rejects.toThrow(/inside a transaction/);
  });

  it("two transactions that deadlock: PostgreSQL aborts one, which runs again, and both commit", async () => {
    await addFacilitator(one, "row-a");
    await addFacilitator(one, "row-b");
    const { facilitators } = one.tables;
    let attempts = 0;
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldOneRow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const crossed = (first: string, second: string) =>
      transaction(one, async (tx) => {
        attempts++;
        await tx
          .update(facilitators)
          .set({ name: `${first} by ${first}` })
          .where(eq(facilitators.id, first));
        if (++arrived === 2) release();
        await bothHoldOneRow;
        await tx
          .update(facilitators)
          .set({ name: `${second} by ${first}` })
          .where(eq(facilitators.id, second));
        return first;
      });
    expect(await Promise.all([crossed("row-a", "row-b"), crossed("row-b", "row-a")])).toEqual(["row-a", "row-b"]);
    // Three runs in all: the victim of the deadlock ran again once the other had committed.
    expect(attempts).toBe(3);
  }, 30_000);
  it("two transactions look up one key, find nothing and insert it: the second runs again and answers with the first's row", async () => {
    const { facilitators } = one.tables;
    let attempts = 0;
    let looked = 0;
    let release: () => void = () => {};
    const bothLooked = new Promise<void>((resolve) => {
      release = resolve;
    });
    // What an idempotent command does: return the row stored under the key, or store it.
    const submitOnce = (who: string) =>
      transaction(one, async (tx) => {
        attempts++;
        const [stored] = await tx.select().from(facilitators).where(eq(facilitators.email, "same-key@example.org"));
        if (++looked === 2) release();
        await bothLooked;
        if (stored) return { id: stored.id, by: who, inserted: false };
        await tx
          .insert(facilitators)
          .values({ id: who, email: "same-key@example.org", name: who, passwordHash: "x", createdAt: 1 });
        return { id: who, by: who, inserted: true };
      });
    const answers = await Promise.all([submitOnce("tab-a"), submitOnce("tab-b")]);
    // One insert won; the other found its row on its second run. One row, both told its id.
    expect(answers.filter((a) => a.inserted)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(attempts).toBe(3);
    const rows = await one.select().from(facilitators).where(eq(facilitators.email, "same-key@example.org"));
    expect(rows.map((r) => r.id)).toEqual([answers[0].id]);
  }, 30_000);

  it("a key taken for good is still an error after the last run, and says so", async () => {
    await addFacilitator(one, "taken");
    let attempts = 0;
    const error = await transaction(one, async (tx) => {
      attempts++;
      await addFacilitator(tx, "taken");
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(attempts).toBe(3);
    expect(await names(one)).toContain("taken");
  });
});
