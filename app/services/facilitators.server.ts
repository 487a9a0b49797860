import { eq } from "drizzle-orm";
import { facilitators } from "../db/schema";
import { fail, ok, type Result, validationFailure } from "../domain/result";
import { loginSchema, signupSchema } from "../domain/schemas";
import type { ServiceDeps } from "./deps.server";
import { hashPassword, verifyPassword } from "./passwords.server";

export type FacilitatorProfile = { id: string; email: string; name: string };

const profile = (row: { id: string; email: string; name: string }): FacilitatorProfile => ({
  id: row.id,
  email: row.email,
  name: row.name,
});

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

export function createFacilitatorService({ db, clock, random }: ServiceDeps) {
  const byEmail = (email: string) => db.select().from(facilitators).where(eq(facilitators.email, email)).get();

  return {
    async signUp(input: unknown): Promise<Result<FacilitatorProfile>> {
      const parsed = signupSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const { email, name, password } = parsed.data;
      const taken = fail("conflict", "An account with this email already exists.", { email: { key: "emailTaken" } });
      if (byEmail(email)) return taken;
      const row = { id: random.uuid(), email, name, passwordHash: await hashPassword(password), createdAt: clock() };
      try {
        db.insert(facilitators).values(row).run();
      } catch (error) {
        // Two sign-ups with one email raced past the check above; the unique index decides.
        if (isUniqueViolation(error)) return taken;
        throw error;
      }
      return ok(profile(row));
    },

    async logIn(input: unknown): Promise<Result<FacilitatorProfile>> {
      const parsed = loginSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const row = byEmail(parsed.data.email);
      // Same answer for an unknown email and a wrong password: no account enumeration.
      if (!row || !(await verifyPassword(parsed.data.password, row.passwordHash))) {
        return fail("unauthenticated", "The email or the password is not right.");
      }
      return ok(profile(row));
    },

    /** The facilitator with this email, if there is one (addresses are stored lower-cased). */
    findByEmail(email: string): FacilitatorProfile | null {
      const row = byEmail(email.trim().toLowerCase());
      return row ? profile(row) : null;
    },

    get(id: string): FacilitatorProfile | null {
      const row = db.select().from(facilitators).where(eq(facilitators.id, id)).get();
      return row ? profile(row) : null;
    },
  };
}
