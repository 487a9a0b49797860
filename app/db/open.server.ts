import type { DatabaseChoice } from "../config/env.server";
import { redactedUrl } from "../utils/redacted-url";
import { checkpointInBackground } from "./checkpointer.server";
import { type Db, openDatabase } from "./client.server";

export type OpenedDatabase = { db: Db; close: () => Promise<void>; name: string };

/**
 * The database the environment names, opened and migrated: PostgreSQL when DATABASE_URL is set
 * (migrated under a lock, so nodes may start together; the driver is loaded only then), else the
 * embedded SQLite file — checkpointed in the background when `checkpoint` is set (the server; a
 * command-line tool opens and closes it). `name` is for messages: the path, or the URL without its
 * password.
 */
export async function openChosenDatabase(
  choice: DatabaseChoice,
  options: { checkpoint?: boolean } = {},
): Promise<OpenedDatabase> {
  if (choice.url) {
    const { openPostgres } = await import("./postgres.server");
    const postgres = await openPostgres(choice.url);
    return { db: postgres.services, close: postgres.close, name: redactedUrl(choice.url) };
  }
  const sqlite = openDatabase(choice.path);
  const checkpoints = options.checkpoint ? checkpointInBackground(sqlite, choice.path) : null;
  return {
    db: sqlite.db,
    close: async () => {
      await checkpoints?.stop();
      sqlite.close();
    },
    name: choice.path,
  };
}
