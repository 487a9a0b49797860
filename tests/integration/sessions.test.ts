import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { SESSION_LIMITS } from "../../app/services/facilitators.server";
import { createSessions } from "../../app/sessions.server";
import { createFacilitator, createTestServices, createWorkshop, SESSION_SECRET } from "./helpers";
import { closeServers, connectFacilitator, once, refusal, startServer } from "./socket-helpers";

/**
 * A facilitator's session is stored server-side: logging out ends it even where its cookie was
 * copied (a replayed cookie opens nothing), "log out everywhere" ends them all, and the server
 * enforces idle and absolute expiry.
 */
let now = Date.UTC(2024, 10, 14, 8);
let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  now = Date.UTC(2024, 10, 14, 8);
  t = createTestServices({ clock: () => now });
});
afterEach(() => t.cleanup());
afterAll(closeServers);

const request = () => new Request("http://127.0.0.1/");
const cookieOf = (setCookie: string) => setCookie.split(";")[0];
const withCookie = (cookie: string) => new Request("http://127.0.0.1/", { headers: { Cookie: cookie } });

describe("a facilitator's session", () => {
  it("ends on logout: the same cookie, replayed, stands for nobody", async () => {
    const sessions = createSessions({ secret: SESSION_SECRET, store: t.services.facilitators });
    const { facilitator } = await createFacilitator(t.services, "Eszter");
    const cookie = cookieOf(await sessions.logIn(request(), facilitator.id));
    expect(await sessions.facilitatorId(cookie)).toBe(facilitator.id);

    const cleared = await sessions.logOut(withCookie(cookie));
    expect(cleared).toMatch(/hr_session=;/);
    expect(await sessions.facilitatorId(cookie)).toBeNull();
  });

  it("logging in again in the same browser, as anyone, ends the session it had", async () => {
    const sessions = createSessions({ secret: SESSION_SECRET, store: t.services.facilitators });
    const { facilitator } = await createFacilitator(t.services, "Eszter");
    const { facilitator: other } = await createFacilitator(t.services, "Tamás");
    const first = cookieOf(await sessions.logIn(request(), facilitator.id));
    const again = cookieOf(await sessions.logIn(withCookie(first), facilitator.id));
    expect(await sessions.facilitatorId(first)).toBeNull();
    expect(await sessions.facilitatorId(again)).toBe(facilitator.id);

    const switched = cookieOf(await sessions.logIn(withCookie(again), other.id));
    expect(await sessions.facilitatorId(again)).toBeNull();
    expect(await sessions.facilitatorId(switched)).toBe(other.id);
  });

  it("ends everywhere at once: two browsers' cookies stop working", async () => {
    const sessions = createSessions({ secret: SESSION_SECRET, store: t.services.facilitators });
    const { facilitator } = await createFacilitator(t.services, "Eszter");
    const { facilitator: other } = await createFacilitator(t.services, "Tamás");
    const laptop = cookieOf(await sessions.logIn(request(), facilitator.id));
    const tablet = cookieOf(await sessions.logIn(request(), facilitator.id));
    const colleague = cookieOf(await sessions.logIn(request(), other.id));
    await sessions.logOutEverywhere(withCookie(laptop), facilitator.id);
    expect(await sessions.facilitatorId(laptop)).toBeNull();
    expect(await sessions.facilitatorId(tablet)).toBeNull();
    expect(await sessions.facilitatorId(colleague)).toBe(other.id);
  });

  it("expires after a week unused, and a month after logging in however much it is used", async () => {
    const sessions = createSessions({ secret: SESSION_SECRET, store: t.services.facilitators });
    const { facilitator } = await createFacilitator(t.services, "Eszter");
    const idle = cookieOf(await sessions.logIn(request(), facilitator.id));
    const busy = cookieOf(await sessions.logIn(request(), facilitator.id));
    now += SESSION_LIMITS.idleMs - 60_000;
    expect(await sessions.facilitatorId(busy)).toBe(facilitator.id);
    now += 120_000;
    expect(await sessions.facilitatorId(idle)).toBeNull();
    // Used every day, the other still ends a month after it began.
    while (now < Date.UTC(2024, 10, 14, 8) + SESSION_LIMITS.absoluteMs - 86_400_000) {
      now += 86_400_000;
      expect(await sessions.facilitatorId(busy)).toBe(facilitator.id);
    }
    now += 2 * 86_400_000;
    expect(await sessions.facilitatorId(busy)).toBeNull();
  });

  it("a forged or tampered cookie stands for nobody", async () => {
    const sessions = createSessions({ secret: SESSION_SECRET, store: t.services.facilitators });
    const { facilitator } = await createFacilitator(t.services, "Eszter");
    const cookie = cookieOf(await sessions.logIn(request(), facilitator.id));
    const forged = createSessions({ secret: "another-secret-another-secret-123456", store: t.services.facilitators });
    expect(await sessions.facilitatorId(cookie.replace(/.$/, "x"))).toBeNull();
    expect(await forged.facilitatorId(cookie)).toBeNull();
  });
});

describe("a facilitator's open sockets", () => {
  it("are closed when the session ends, and the cookie cannot open another", async () => {
    const server = await startServer();
    const { facilitator, actor } = await createFacilitator(server.services, "Eszter");
    const workshop = await createWorkshop(server.services, actor);
    const cookie = await server.cookies.facilitator(facilitator.id);
    const laptop = await server.client({ as: "facilitator", workshopId: workshop.id }, { cookie });
    const otherTab = await connectFacilitator(server, facilitator.id, workshop.id);

    const told = once(laptop, "session:revoked");
    const closed = once(laptop, "disconnect");
    await server.sessions.logOut(withCookie(cookie));
    expect(await told).toMatchObject({ code: "unauthenticated" });
    await closed;
    // Another session of the same facilitator stays open.
    expect(otherTab.connected).toBe(true);

    const replayed = await refusal(server.client({ as: "facilitator", workshopId: workshop.id }, { cookie }));
    expect(replayed.data?.code).toBe("unauthenticated");
  });
});
