// `npm run db:migrate`: applies the drizzle/ migrations to DATABASE_PATH (the server also does this at boot).
import { loadEnv } from "../app/config/env.server";
import { openDatabase } from "../app/db/client.server";

const env = loadEnv();
openDatabase(env.DATABASE_PATH).close();
console.log(`Migrated ${env.DATABASE_PATH}`);
