import { createCookie, createCookieSessionStorage } from "@remix-run/node";
import { isLanguage, type Language } from "./domain/languages";

const THIRTY_DAYS = 60 * 60 * 24 * 30;
const ONE_WEEK = 60 * 60 * 24 * 7;

/** Cookies are Secure whenever the request came over HTTPS (behind a proxy: with `trust proxy`). */
const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

const participantCookie = (workshopId: string) =>
  createCookie(`hr_p_${workshopId}`, { httpOnly: true, sameSite: "lax", path: "/", maxAge: ONE_WEEK });

const languageCookie = createCookie("hr_lang", { sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });

/** Which of this machine's addresses the facilitator chose for phones to join (see join-address.server.ts). */
const joinOriginCookie = createCookie("hr_join", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });

/**
 * Everything cookie-shaped: the facilitator session, the participant's per-workshop token and the
 * language choice. Built once in server.ts with the session secret and handed to routes and sockets.
 */
export function createSessions({ secret }: { secret: string }) {
  const storage = createCookieSessionStorage<{ facilitatorId: string }>({
    cookie: { name: "hr_session", httpOnly: true, sameSite: "lax", path: "/", maxAge: THIRTY_DAYS, secrets: [secret] },
  });

  return {
    async facilitatorId(cookieHeader: string | null | undefined): Promise<string | null> {
      const session = await storage.getSession(cookieHeader);
      const id = session.get("facilitatorId");
      return typeof id === "string" ? id : null;
    },
    async logIn(request: Request, facilitatorId: string): Promise<string> {
      const session = await storage.getSession(request.headers.get("Cookie"));
      session.set("facilitatorId", facilitatorId);
      return storage.commitSession(session, { secure: isHttps(request) });
    },
    async logOut(request: Request): Promise<string> {
      const session = await storage.getSession(request.headers.get("Cookie"));
      return storage.destroySession(session, { secure: isHttps(request) });
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
