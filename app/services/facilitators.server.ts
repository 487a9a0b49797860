import { and, eq, lt, ne, or } from "drizzle-orm";
import { first } from "../db/first.server";
import { isUniqueViolation, transaction } from "../db/transaction.server";
import { fail, ok, type Result, refuse, validationFailure } from "../domain/result";
import { changePasswordSchema, loginSchema, resetPasswordSchema, signupSchema } from "../domain/schemas";
import { hashToken, type ServiceDeps } from "./deps.server";
import { hashPassword, verifyPassword } from "./passwords.server";

/** How long a facilitator's session lasts: ended by a week without use, or a month after logging in. */
export const SESSION_LIMITS = { idleMs: 7 * 24 * 3600_000, absoluteMs: 30 * 24 * 3600_000 } as const;
/** A session's last use is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export type FacilitatorProfile = { id: string; email: string; name: string };

const profile = (row: { id: string; email: string; name: string }): FacilitatorProfile => ({
  id: row.id,
  email: row.email,
  name: row.name,
});

export function createFacilitatorService({ db, clock, random }: ServiceDeps) {
  const { facilitatorSessions, facilitators } = db.tables;
  const byEmail = async (email: string) => await first(db.select().from(facilitators).where(eq(facilitators.email, email)));
  /**
   * An unknown email is checked against this hash, so a login takes as long whether or not the
   * account exists (the time must not tell which emails have one).
   */
  let dummy: Promise<string> | null = null;
  const dummyHash = () => {
    dummy ??= hashPassword(random.token());
    return dummy;
  };

  return {
    async signUp(input: unknown): Promise<Result<FacilitatorProfile>> {
      const parsed = signupSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const { email, name, password } = parsed.data;
      const taken = fail("conflict", "An account with this email already exists.", { email: { key: "emailTaken" } });
      if (await byEmail(email)) return taken;
      const row = { id: random.uuid(), email, name, passwordHash: await hashPassword(password), createdAt: clock() };
      try {
        await transaction(db, (tx) => tx.insert(facilitators).values(row));
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
      const row = await byEmail(parsed.data.email);
      // Same answer, in the same time, for an unknown email and a wrong password: no account enumeration.
      const matches = await verifyPassword(parsed.data.password, row?.passwordHash ?? (await dummyHash()));
      if (!row || !matches) return fail("unauthenticated", "The email or the password is not right.");
      return ok(profile(row));
    },

    /** Starts a session for a facilitator who just logged in or signed up; the token goes in their cookie. */
    async startSession(facilitatorId: string): Promise<string> {
      const token = random.token();
      const now = clock();
      await transaction(db, (tx) =>
        tx.insert(facilitatorSessions).values({ tokenHash: hashToken(token), facilitatorId, createdAt: now, lastSeenAt: now }),
      );
      return token;
    },

    /**
     * The facilitator a session token stands for, while the session lives: not ended, used within
     * the idle limit, younger than the absolute one. An expired session is deleted.
     */
    async sessionFacilitator(token: string | null | undefined): Promise<string | null> {
      if (!token || token.length > 200) return null;
      const tokenHash = hashToken(token);
      const row = await first(db.select().from(facilitatorSessions).where(eq(facilitatorSessions.tokenHash, tokenHash)));
      if (!row) return null;
      const now = clock();
      if (now - row.lastSeenAt > SESSION_LIMITS.idleMs || now - row.createdAt > SESSION_LIMITS.absoluteMs) {
        await transaction(db, (tx) => tx.delete(facilitatorSessions).where(eq(facilitatorSessions.tokenHash, tokenHash)));
        return null;
      }
      if (now - row.lastSeenAt > TOUCH_EVERY_MS)
        await transaction(db, (tx) =>
          tx.update(facilitatorSessions).set({ lastSeenAt: now }).where(eq(facilitatorSessions.tokenHash, tokenHash)),
        );
      return row.facilitatorId;
    },

    /** Logging out: this session ends, at once, wherever its cookie was copied. */
    async endSession(token: string | null | undefined): Promise<string | null> {
      if (!token) return null;
      const tokenHash = hashToken(token);
      const row = await first(db.select().from(facilitatorSessions).where(eq(facilitatorSessions.tokenHash, tokenHash)));
      await transaction(db, (tx) => tx.delete(facilitatorSessions).where(eq(facilitatorSessions.tokenHash, tokenHash)));
      return row?.facilitatorId ?? null;
    },

    /** "Log out everywhere" (and what a password change will call): every session of this facilitator ends. */
    async endAllSessions(facilitatorId: string): Promise<void> {
      const now = clock();
      await transaction(db, async (tx) => {
        await tx.delete(facilitatorSessions).where(eq(facilitatorSessions.facilitatorId, facilitatorId));
        // Expired sessions of anyone are swept on the way.
        await tx
          .delete(facilitatorSessions)
          .where(
            or(
              lt(facilitatorSessions.lastSeenAt, now - SESSION_LIMITS.idleMs),
              lt(facilitatorSessions.createdAt, now - SESSION_LIMITS.absoluteMs),
            ),
          );
      });
    },

    /**
     * A new password, given with the current one; every other session of this facilitator ends
     * (a stolen cookie stops working), the one making the change (`keepToken`) stays.
     */
    async changePassword(facilitatorId: string, keepToken: string | null, input: unknown): Promise<Result<{ changed: true }>> {
      const parsed = changePasswordSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const row = await first(db.select().from(facilitators).where(eq(facilitators.id, facilitatorId)));
      if (!row) return fail("unauthenticated", "Log in first.");
      if (!(await verifyPassword(parsed.data.currentPassword, row.passwordHash)))
        return refuse("validation", "wrongCurrentPassword", "The current password is not right.");
      const passwordHash = await hashPassword(parsed.data.newPassword);
      await transaction(db, async (tx) => {
        await tx.update(facilitators).set({ passwordHash }).where(eq(facilitators.id, facilitatorId));
        await tx
          .delete(facilitatorSessions)
          .where(
            keepToken
              ? and(eq(facilitatorSessions.facilitatorId, facilitatorId), ne(facilitatorSessions.tokenHash, hashToken(keepToken)))
              : eq(facilitatorSessions.facilitatorId, facilitatorId),
          );
      });
      return ok({ changed: true as const });
    },

    /** An operator's reset (the command line): a new password, and every session of the account ends. */
    async resetPassword(input: unknown): Promise<Result<FacilitatorProfile>> {
      const parsed = resetPasswordSchema.safeParse(input);
      if (!parsed.success) return validationFailure(parsed.error);
      const row = await byEmail(parsed.data.email);
      if (!row) return fail("not_found", "No facilitator has this email.");
      const passwordHash = await hashPassword(parsed.data.password);
      await transaction(db, async (tx) => {
        await tx.update(facilitators).set({ passwordHash }).where(eq(facilitators.id, row.id));
        await tx.delete(facilitatorSessions).where(eq(facilitatorSessions.facilitatorId, row.id));
      });
      return ok(profile(row));
    },

    /** The facilitator with this email, if there is one (addresses are stored lower-cased). */
    async findByEmail(email: string): Promise<FacilitatorProfile | null> {
      const row = await byEmail(email.trim().toLowerCase());
      return row ? profile(row) : null;
    },

    async get(id: string): Promise<FacilitatorProfile | null> {
      const row = await first(db.select().from(facilitators).where(eq(facilitators.id, id)));
      return row ? profile(row) : null;
    },
  };
}
