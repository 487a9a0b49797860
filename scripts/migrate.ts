// `npm run db:migrate`: applies the migrations to the database the environment names — DATABASE_URL
// (PostgreSQL, drizzle/pg) when set, else DATABASE_PATH (SQLite, drizzle/) — as the server does at start.
import { databaseFrom } from "../app/config/env.server";
import { openChosenDatabase } from "../app/db/open.server";

const database = await openChosenDatabase(databaseFrom());
await database.close();
console.log(`Migrated ${database.name}`);
