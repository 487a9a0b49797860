import { eq } from "drizzle-orm";
import { generateJoinCode } from "../../domain/join-code";
import type { Random } from "../../services/deps.server";
import type { Reader } from "../client.server";
import { workshops } from "../schema";

/** A new workshop's join code (unused) and projector link: for a created or a duplicated workshop. */
export function uniqueWorkshopKeys(reader: Reader, random: Random): { joinCode: string; displayToken: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = generateJoinCode(random.int);
    if (!reader.select({ id: workshops.id }).from(workshops).where(eq(workshops.joinCode, code)).get())
      return { joinCode: code, displayToken: random.token(24) };
  }
  // 25^6 ≈ 244 million codes: twenty collisions in a row means something else is wrong.
  throw new Error("Could not find a free join code");
}
