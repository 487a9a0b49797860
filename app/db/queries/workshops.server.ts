import { eq } from "drizzle-orm";
import { generateJoinCode } from "../../domain/join-code";
import type { Random } from "../../services/deps.server";
import type { Reader } from "../client.server";
import { first } from "../first.server";

/** A new workshop's join code (unused) and projector link: for a created or a duplicated workshop. */
export async function uniqueWorkshopKeys(reader: Reader, random: Random): Promise<{ joinCode: string; displayToken: string }> {
  const { workshops } = reader.tables;
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = generateJoinCode(random.int);
    if (!(await first(reader.select({ id: workshops.id }).from(workshops).where(eq(workshops.joinCode, code)))))
      return { joinCode: code, displayToken: random.token(24) };
  }
  // 25^6 ≈ 244 million codes: twenty collisions in a row means something else is wrong.
  throw new Error("Could not find a free join code");
}
