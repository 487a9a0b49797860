import { createCookie, createCookieSessionStorage } from "@remix-run/node";
import { isLanguage, type Language } from "./domain/languages";
import type { Result } from "./domain/result";

const THIRTY_DAYS = 60 * 60 * 24 * 30;
const ONE_WEEK = 60 * 60 * 24 * 7;

/** Cookies are Secure whenever the request came over HTTPS (behind a proxy: with `trust proxy`). */
const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

const participantCookie = (workshopId: string) =>
  createCookie(`hr_p_${workshopId}`, { httpOnly: true, sameSite: "lax", path: "/", maxAge: ONE_WEEK });

const languageCookie = createCookie("hr_lang", { sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });

/** Which of this machine's addresses the facilitator chose for phones to join (see join-address.server.ts). */
const joinOriginCookie = createCookie("hr_join", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });

/** The server-side half of a facilitator's session (the facilitators service). */
export type FacilitatorSessionStore = {
  startSession(facilitatorId: string): Promise<string>;
  sessionFacilitator(token: string | null | undefined): Promise<string | null>;
  endSession(token: string | null | undefined): Promise<string | null>;
  endAllSessions(facilitatorId: string): Promise<void>;
  changePassword(facilitatorId: string, keepToken: string | null, input: unknown): Promise<Result<{ changed: true }>>;
};

/** Told when sessions end, so open sockets of those sessions are closed too. */
export type SessionsEnded = { token: string } | { facilitatorId: string; except?: string };

/**
 * Everything cookie-shaped: the facilitator session, the participant's per-workshop token and the
 * language choice. Built once in server.ts with the session secret and handed to routes and sockets.
 * The facilitator's cookie holds only a signed random token; the session itself is stored
 * server-side (`store`), so logging out ends it even where the cookie was copied.
 */
export function createSessions({ secret, store }: { secret: string; store: FacilitatorSessionStore }) {
  const storage = createCookieSessionStorage<{ token: string }>({
    cookie: { name: "hr_session", httpOnly: true, sameSite: "lax", path: "/", maxAge: THIRTY_DAYS, secrets: [secret] },
  });
  const listeners: ((ended: SessionsEnded) => void)[] = [];
  const ended = (what: SessionsEnded) => {
    for (const listener of listeners) listener(what);
  };
  const tokenOf = async (cookieHeader: string | null | undefined) => {
    const token = (await storage.getSession(cookieHeader)).get("token");
    return typeof token === "string" ? token : null;
  };

  return {
    /** The session token in this cookie (what a socket remembers to be closed when it ends). */
    facilitatorSessionToken: tokenOf,
    async facilitatorId(cookieHeader: string | null | undefined): Promise<string | null> {
      return store.sessionFacilitator(await tokenOf(cookieHeader));
    },
    /** A new session; the one this browser had (anyone's) ends, so a login never leaves one behind. */
    async logIn(request: Request, facilitatorId: string): Promise<string> {
      const session = await storage.getSession(request.headers.get("Cookie"));
      const previous = session.get("token");
      if (typeof previous === "string" && (await store.endSession(previous))) ended({ token: previous });
      session.set("token", await store.startSession(facilitatorId));
      return storage.commitSession(session, { secure: isHttps(request) });
    },
    async logOut(request: Request): Promise<string> {
      const session = await storage.getSession(request.headers.get("Cookie"));
      const token = session.get("token");
      if (typeof token === "string" && (await store.endSession(token))) ended({ token });
      return storage.destroySession(session, { secure: isHttps(request) });
    },
    /** Ends every session of this facilitator (this browser's included). */
    async logOutEverywhere(request: Request, facilitatorId: string): Promise<string> {
      await store.endAllSessions(facilitatorId);
      ended({ facilitatorId });
      return storage.destroySession(await storage.getSession(request.headers.get("Cookie")), { secure: isHttps(request) });
    },
    /** A new password: every other session of this facilitator ends, this browser's stays. */
    async changePassword(request: Request, facilitatorId: string, input: unknown): Promise<Result<{ changed: true }>> {
      const token = await tokenOf(request.headers.get("Cookie"));
      const result = await store.changePassword(facilitatorId, token, input);
      if (result.ok) ended(token ? { facilitatorId, except: token } : { facilitatorId });
      return result;
    },
    onSessionsEnded(listener: (ended: SessionsEnded) => void) {
      listeners.push(listener);
    },

    /** The phone's secret for this workshop; a token never works for another workshop. */
    async participantToken(cookieHeader: string | null | undefined, workshopId: string): Promise<string | null> {
      const value = await participantCookie(workshopId).parse(cookieHeader ?? null);
      return typeof value === "string" ? value : null;
    },
    /** Every workshop token this browser holds, by workshop id (a phone may have joined several). */
    async participantTokens(cookieHeader: string | null | undefined): Promise<Record<string, string>> {
      const tokens: Record<string, string> = {};
      for (const part of (cookieHeader ?? "").split(";")) {
        const name = part.split("=")[0]?.trim();
        if (!name?.startsWith("hr_p_")) continue;
        const workshopId = name.slice("hr_p_".length);
        const value = await participantCookie(workshopId).parse(cookieHeader ?? null);
        if (typeof value === "string") tokens[workshopId] = value;
      }
      return tokens;
    },
    participantCookie(request: Request, workshopId: string, token: string): Promise<string> {
      return participantCookie(workshopId).serialize(token, { secure: isHttps(request) });
    },

    async language(cookieHeader: string | null | undefined): Promise<Language | null> {
      const value = await languageCookie.parse(cookieHeader ?? null);
      return isLanguage(value) ? value : null;
    },
    languageCookie(language: Language): Promise<string> {
      return languageCookie.serialize(language);
    },

    async joinOrigin(cookieHeader: string | null | undefined): Promise<string | null> {
      const value = await joinOriginCookie.parse(cookieHeader ?? null);
      return typeof value === "string" && value.length <= 200 ? value : null;
    },
    joinOriginCookie(origin: string): Promise<string> {
      return joinOriginCookie.serialize(origin);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
