import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Result } from "../../app/domain/result";
import type { Actor } from "../../app/services/actor";
import { INVITATION_LIFETIME_MS } from "../../app/services/team.server";
import { createSessions } from "../../app/sessions.server";
import { createFacilitator, createTestServices, createWorkshop, joinWorkshop, SESSION_SECRET } from "./helpers";
import { closeServers, connectFacilitator, once, refusal, send, startServer } from "./socket-helpers";

/**
 * The workshop's team: Eszter (the owner) invites Tamás with a link she copies; he joins as a
 * co-facilitator and runs the day with her, but only she manages the team. Links work once, for a
 * week, until revoked; removing Tamás closes his open pages and refuses his next request.
 */
let now = Date.UTC(2024, 10, 14, 8);
let t: ReturnType<typeof createTestServices>;
beforeEach(() => {
  now = Date.UTC(2024, 10, 14, 8);
  t = createTestServices({ clock: () => now });
});
afterEach(() => t.cleanup());
afterAll(closeServers);

function data<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
function refusedWith(result: Result<unknown>, code: string, reason?: string) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  if (reason) expect(result.error.reason?.key).toBe(reason);
}

async function team() {
  const eszter = await createFacilitator(t.services, "Eszter");
  const tamas = await createFacilitator(t.services, "Tamás");
  const stranger = await createFacilitator(t.services, "Someone from Vienna");
  const workshop = await createWorkshop(t.services, eszter.actor);
  return { eszter, tamas, stranger, workshop };
}

const teamOf = async (actor: Actor, workshopId: string) =>
  data(await t.services.team.team(actor, workshopId)).members.map((m) => [m.name, m.role]);

describe("inviting a co-facilitator", () => {
  it("the owner's link brings Tamás onto the team, and he sees the workshop among his own with his role", async () => {
    const { eszter, tamas, workshop } = await team();
    const { token, expiresAt } = data(await t.services.team.invite(eszter.actor, workshop.id));
    expect(expiresAt).toBe(now + INVITATION_LIFETIME_MS);
    expect(data(await t.services.team.team(eszter.actor, workshop.id)).pending).toHaveLength(1);

    // Before accepting he sees what he is invited to, and has no access yet.
    expect(data(await t.services.team.invitation(tamas.actor, token))).toMatchObject({
      workshopId: workshop.id,
      workshopTitle: "Cluster cooperation",
      invitedBy: "Eszter",
      alreadyOnTeam: false,
    });
    refusedWith(await t.services.room.forFacilitator(tamas.actor, workshop.id), "not_found");

    expect(data(await t.services.team.accept(tamas.actor, token))).toEqual({ workshopId: workshop.id });
    expect(await teamOf(tamas.actor, workshop.id)).toEqual([
      ["Eszter", "owner"],
      ["Tamás", "co_facilitator"],
    ]);
    expect(data(await t.services.team.team(tamas.actor, workshop.id))).toMatchObject({ myRole: "co_facilitator", pending: [] });
    expect(data(await t.services.workshops.listForFacilitator(tamas.actor)).map((w) => [w.title, w.role])).toEqual([
      ["Cluster cooperation", "co_facilitator"],
    ]);
    expect(data(await t.services.workshops.listForFacilitator(eszter.actor)).map((w) => w.role)).toEqual(["owner"]);
  });

  it("a co-facilitator does what the owner does on the day: agenda, moderation, status", async () => {
    const { eszter, tamas, workshop } = await team();
    data(await t.services.team.accept(tamas.actor, data(await t.services.team.invite(eszter.actor, workshop.id)).token));
    data(await t.services.workshops.setStatus(tamas.actor, workshop.id, { status: "live" }));
    const step = data(
      await t.services.agenda.addStep(tamas.actor, workshop.id, { kind: "collect_challenges", title: "Challenges" }),
    );
    expect(step).toBeTruthy();
    expect((await t.services.room.forFacilitator(tamas.actor, workshop.id)).ok).toBe(true);
  });

  it("a link works once: a second facilitator is told it was used; the one who used it is taken to the workshop again", async () => {
    const { eszter, tamas, stranger, workshop } = await team();
    const { token } = data(await t.services.team.invite(eszter.actor, workshop.id));
    data(await t.services.team.accept(tamas.actor, token));
    refusedWith(await t.services.team.invitation(stranger.actor, token), "not_found", "invitationUsed");
    refusedWith(await t.services.team.accept(stranger.actor, token), "not_found", "invitationUsed");
    expect(data(await t.services.team.accept(tamas.actor, token))).toEqual({ workshopId: workshop.id });
    expect(await teamOf(eszter.actor, workshop.id)).toHaveLength(2);
  });

  it("the owner opening her own link stays the owner and leaves the link for the one she sends it to", async () => {
    const { eszter, tamas, workshop } = await team();
    const { token } = data(await t.services.team.invite(eszter.actor, workshop.id));
    expect(data(await t.services.team.invitation(eszter.actor, token)).alreadyOnTeam).toBe(true);
    data(await t.services.team.accept(eszter.actor, token));
    expect(await teamOf(eszter.actor, workshop.id)).toEqual([["Eszter", "owner"]]);
    data(await t.services.team.accept(tamas.actor, token));
    expect(await teamOf(eszter.actor, workshop.id)).toHaveLength(2);
  });

  it("expires after a week", async () => {
    const { eszter, tamas, workshop } = await team();
    const { token } = data(await t.services.team.invite(eszter.actor, workshop.id));
    now += INVITATION_LIFETIME_MS;
    refusedWith(await t.services.team.accept(tamas.actor, token), "not_found", "invitationExpired");
    expect(data(await t.services.team.team(eszter.actor, workshop.id)).pending).toEqual([]);
    expect(await teamOf(eszter.actor, workshop.id)).toHaveLength(1);
  });

  it("a revoked link no longer works, and cannot be revoked twice", async () => {
    const { eszter, tamas, workshop } = await team();
    const { token } = data(await t.services.team.invite(eszter.actor, workshop.id));
    const [pending] = data(await t.services.team.team(eszter.actor, workshop.id)).pending;
    data(await t.services.team.revokeInvitation(eszter.actor, workshop.id, { invitation: pending.id }));
    refusedWith(await t.services.team.accept(tamas.actor, token), "not_found", "invitationRevoked");
    refusedWith(
      await t.services.team.revokeInvitation(eszter.actor, workshop.id, { invitation: pending.id }),
      "not_found",
      "invitationNotPending",
    );
    expect(await teamOf(eszter.actor, workshop.id)).toHaveLength(1);
  });

  it("a made-up or mangled link is not valid", async () => {
    const { eszter, tamas, workshop } = await team();
    const { token } = data(await t.services.team.invite(eszter.actor, workshop.id));
    for (const guess of [token.slice(0, -1), `${token}x`, "", "a".repeat(500), null, 42])
      refusedWith(await t.services.team.accept(tamas.actor, guess), "not_found", "invitationUnknown");
    expect(await teamOf(eszter.actor, workshop.id)).toHaveLength(1);
  });

  it("only a logged-in facilitator accepts: a participant, the projector or nobody cannot", async () => {
    const { eszter, workshop } = await team();
    const { token } = data(await t.services.team.invite(eszter.actor, workshop.id));
    const phone = await joinWorkshop(t.services, workshop.joinCode);
    const outsiders: Actor[] = [
      { kind: "participant", participantId: phone.participant.id, workshopId: workshop.id },
      { kind: "display", workshopId: workshop.id },
      { kind: "anonymous" },
    ];
    for (const actor of outsiders) {
      refusedWith(await t.services.team.accept(actor, token), "forbidden");
      refusedWith(await t.services.team.invitation(actor, token), "forbidden");
    }
    expect(data(await t.services.team.team(eszter.actor, workshop.id)).pending).toHaveLength(1);
  });
});

describe("only the owner manages the team", () => {
  it("a co-facilitator sees the team but is refused, with a reason, when inviting, revoking or removing", async () => {
    const { eszter, tamas, workshop } = await team();
    data(await t.services.team.accept(tamas.actor, data(await t.services.team.invite(eszter.actor, workshop.id)).token));
    data(await t.services.team.invite(eszter.actor, workshop.id));
    const [pending] = data(await t.services.team.team(tamas.actor, workshop.id)).pending;
    refusedWith(await t.services.team.invite(tamas.actor, workshop.id), "forbidden", "ownerOnly");
    refusedWith(
      await t.services.team.revokeInvitation(tamas.actor, workshop.id, { invitation: pending.id }),
      "forbidden",
      "ownerOnly",
    );
    refusedWith(
      await t.services.team.removeFacilitator(tamas.actor, workshop.id, { facilitatorId: eszter.facilitator.id }),
      "forbidden",
      "ownerOnly",
    );
    refusedWith(
      await t.services.team.removeFacilitator(tamas.actor, workshop.id, { facilitatorId: tamas.facilitator.id }),
      "forbidden",
      "ownerOnly",
    );
    expect(data(await t.services.team.team(eszter.actor, workshop.id)).pending).toHaveLength(1);
    expect(await teamOf(eszter.actor, workshop.id)).toHaveLength(2);
  });

  it("a stranger, a participant, the projector and nobody learn nothing and change nothing", async () => {
    const { eszter, tamas, stranger, workshop } = await team();
    data(await t.services.team.accept(tamas.actor, data(await t.services.team.invite(eszter.actor, workshop.id)).token));
    data(await t.services.team.invite(eszter.actor, workshop.id));
    const [pending] = data(await t.services.team.team(eszter.actor, workshop.id)).pending;
    const phone = await joinWorkshop(t.services, workshop.joinCode);
    const outsiders: [Actor, string][] = [
      [stranger.actor, "not_found"],
      [{ kind: "participant", participantId: phone.participant.id, workshopId: workshop.id }, "forbidden"],
      [{ kind: "display", workshopId: workshop.id }, "forbidden"],
      [{ kind: "anonymous" }, "forbidden"],
    ];
    for (const [actor, code] of outsiders) {
      refusedWith(await t.services.team.team(actor, workshop.id), code);
      refusedWith(await t.services.team.invite(actor, workshop.id), code);
      refusedWith(await t.services.team.revokeInvitation(actor, workshop.id, { invitation: pending.id }), code);
      refusedWith(await t.services.team.removeFacilitator(actor, workshop.id, { facilitatorId: tamas.facilitator.id }), code);
    }
    expect(data(await t.services.team.team(eszter.actor, workshop.id)).pending).toHaveLength(1);
    expect(await teamOf(eszter.actor, workshop.id)).toHaveLength(2);
    expect(t.facilitatorsRemoved).toEqual([]);
  });

  it("the owner cannot remove herself, nor someone who is not on the team; a bad id is a validation refusal", async () => {
    const { eszter, stranger, workshop } = await team();
    refusedWith(
      await t.services.team.removeFacilitator(eszter.actor, workshop.id, { facilitatorId: eszter.facilitator.id }),
      "forbidden",
      "ownerStays",
    );
    refusedWith(
      await t.services.team.removeFacilitator(eszter.actor, workshop.id, { facilitatorId: stranger.facilitator.id }),
      "not_found",
      "notOnTeam",
    );
    refusedWith(await t.services.team.removeFacilitator(eszter.actor, workshop.id, { facilitatorId: "" }), "validation");
    refusedWith(await t.services.team.revokeInvitation(eszter.actor, workshop.id, { invitation: 7 }), "validation");
  });

  it("an invitation of another workshop cannot be revoked from this one", async () => {
    const { eszter, workshop } = await team();
    const other = await createWorkshop(t.services, eszter.actor, { title: "Another" });
    data(await t.services.team.invite(eszter.actor, other.id));
    const [pending] = data(await t.services.team.team(eszter.actor, other.id)).pending;
    refusedWith(await t.services.team.revokeInvitation(eszter.actor, workshop.id, { invitation: pending.id }), "not_found");
    expect(data(await t.services.team.team(eszter.actor, other.id)).pending).toHaveLength(1);
  });
});

describe("removing a co-facilitator", () => {
  it("refuses his next request and tells the live screens to drop him", async () => {
    const { eszter, tamas, workshop } = await team();
    data(await t.services.team.accept(tamas.actor, data(await t.services.team.invite(eszter.actor, workshop.id)).token));
    data(await t.services.team.removeFacilitator(eszter.actor, workshop.id, { facilitatorId: tamas.facilitator.id }));
    expect(t.facilitatorsRemoved).toEqual([{ workshopId: workshop.id, facilitatorId: tamas.facilitator.id }]);
    refusedWith(await t.services.room.forFacilitator(tamas.actor, workshop.id), "not_found");
    refusedWith(await t.services.workshops.setStatus(tamas.actor, workshop.id, { status: "live" }), "not_found");
    expect(data(await t.services.workshops.listForFacilitator(tamas.actor))).toEqual([]);
    expect(await teamOf(eszter.actor, workshop.id)).toEqual([["Eszter", "owner"]]);
  });

  it("the link he joined with does not bring him back", async () => {
    const { eszter, tamas, workshop } = await team();
    const { token } = data(await t.services.team.invite(eszter.actor, workshop.id));
    data(await t.services.team.accept(tamas.actor, token));
    data(await t.services.team.removeFacilitator(eszter.actor, workshop.id, { facilitatorId: tamas.facilitator.id }));
    refusedWith(await t.services.team.invitation(tamas.actor, token), "not_found", "invitationUsed");
    refusedWith(await t.services.team.accept(tamas.actor, token), "not_found", "invitationUsed");
    expect(await teamOf(eszter.actor, workshop.id)).toEqual([["Eszter", "owner"]]);
  });

  it("closes his open sockets on that workshop only, and a new one is refused", async () => {
    const server = await startServer();
    const eszter = await createFacilitator(server.services, "Eszter");
    const tamas = await createFacilitator(server.services, "Tamás");
    const workshop = await createWorkshop(server.services, eszter.actor);
    const ownOne = await createWorkshop(server.services, tamas.actor, { title: "Tamás's own" });
    const { token } = data(await server.services.team.invite(eszter.actor, workshop.id));
    data(await server.services.team.accept(tamas.actor, token));

    const tamasHere = await connectFacilitator(server, tamas.facilitator.id, workshop.id);
    const tamasElsewhere = await connectFacilitator(server, tamas.facilitator.id, ownOne.id);
    const eszterHere = await connectFacilitator(server, eszter.facilitator.id, workshop.id);
    // While on the team his commands work.
    expect((await send(tamasHere, "workshop:setStatus", { status: "live" })).ok).toBe(true);

    const told = once(tamasHere, "session:revoked");
    const closed = once(tamasHere, "disconnect");
    data(await server.services.team.removeFacilitator(eszter.actor, workshop.id, { facilitatorId: tamas.facilitator.id }));
    expect(await told).toMatchObject({ code: "forbidden" });
    await closed;
    expect(tamasElsewhere.connected).toBe(true);
    expect(eszterHere.connected).toBe(true);
    const again = await refusal(connectFacilitator(server, tamas.facilitator.id, workshop.id));
    expect(again.data?.code).toBe("forbidden");
  });
});

describe("changing a password", () => {
  const request = () => new Request("http://127.0.0.1/");
  const cookieOf = (setCookie: string) => setCookie.split(";")[0];
  const withCookie = (cookie: string) => new Request("http://127.0.0.1/", { headers: { Cookie: cookie } });

  it("ends every other session of the facilitator and keeps this one; the new password logs in, the old does not", async () => {
    const sessions = createSessions({ secret: SESSION_SECRET, store: t.services.facilitators });
    const { facilitator } = await createFacilitator(t.services, "Eszter");
    const { facilitator: colleague } = await createFacilitator(t.services, "Tamás");
    const laptop = cookieOf(await sessions.logIn(request(), facilitator.id));
    const tablet = cookieOf(await sessions.logIn(request(), facilitator.id));
    const theirs = cookieOf(await sessions.logIn(request(), colleague.id));
    const ended: unknown[] = [];
    sessions.onSessionsEnded((what) => ended.push(what));

    const result = await sessions.changePassword(withCookie(laptop), facilitator.id, {
      currentPassword: "a long password",
      newPassword: "an even longer password",
    });
    expect(result).toEqual({ ok: true, data: { changed: true } });
    expect(await sessions.facilitatorId(laptop)).toBe(facilitator.id);
    expect(await sessions.facilitatorId(tablet)).toBeNull();
    expect(await sessions.facilitatorId(theirs)).toBe(colleague.id);
    expect(ended).toHaveLength(1);

    const logIn = (password: string) => t.services.facilitators.logIn({ email: facilitator.email, password });
    expect((await logIn("an even longer password")).ok).toBe(true);
    refusedWith(await logIn("a long password"), "unauthenticated");
  });

  it("is refused with a reason when the current password is wrong, and nothing changes", async () => {
    const sessions = createSessions({ secret: SESSION_SECRET, store: t.services.facilitators });
    const { facilitator } = await createFacilitator(t.services, "Eszter");
    const laptop = cookieOf(await sessions.logIn(request(), facilitator.id));
    const tablet = cookieOf(await sessions.logIn(request(), facilitator.id));
    const result = await sessions.changePassword(withCookie(laptop), facilitator.id, {
      currentPassword: "a good guess",
      newPassword: "an even longer password",
    });
    refusedWith(result, "validation", "wrongCurrentPassword");
    expect(await sessions.facilitatorId(tablet)).toBe(facilitator.id);
    expect((await t.services.facilitators.logIn({ email: facilitator.email, password: "a long password" })).ok).toBe(true);
    // A new password too short is a field error, as at sign-up.
    const short = await sessions.changePassword(withCookie(laptop), facilitator.id, {
      currentPassword: "a long password",
      newPassword: "short",
    });
    refusedWith(short, "validation");
    if (!short.ok) expect(short.error.fields?.newPassword?.key).toBe("tooShort");
  });

  it("closes the sockets of the sessions it ends, not this browser's", async () => {
    const server = await startServer();
    const { facilitator, actor } = await createFacilitator(server.services, "Eszter");
    const workshop = await createWorkshop(server.services, actor);
    const laptopCookie = await server.cookies.facilitator(facilitator.id);
    const laptop = await server.client({ as: "facilitator", workshopId: workshop.id }, { cookie: laptopCookie });
    const tablet = await connectFacilitator(server, facilitator.id, workshop.id);
    const closed = once(tablet, "disconnect");
    const changed = await server.sessions.changePassword(withCookie(laptopCookie), facilitator.id, {
      currentPassword: "a long password",
      newPassword: "an even longer password",
    });
    expect(changed.ok).toBe(true);
    await closed;
    expect(laptop.connected).toBe(true);
  });
});
