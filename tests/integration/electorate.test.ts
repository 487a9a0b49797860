import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPORT_SCHEMA_VERSION } from "../../app/domain/report";
import type { WorkshopEvent } from "../../app/domain/workshop-state";
import { budapestDay, createTestServices, helixCounts, type Member, newClientId, unwrap } from "./helpers";

/**
 * A vote's electorate is frozen when the room moves on (docs/decisions/0008-frozen-electorate.md):
 * someone who joins later changes nothing about an earlier vote, live or in the report.
 */
let t: ReturnType<typeof createTestServices>;
let now = Date.UTC(2024, 10, 14, 9);
beforeEach(() => {
  now = Date.UTC(2024, 10, 14, 9);
  t = createTestServices({ clock: () => (now += 1_000) });
});
afterEach(() => t.cleanup());

async function aChallengeVote() {
  const day = await budapestDay(t.services);
  const vote = async (by: Member, contributionId: string, points: number) =>
    unwrap(await t.services.voting.vote(by.actor, day.workshop.id, { clientId: newClientId(), contributionId, points }));
  const gov = await day.join("Gábor", "government");
  const biz = await day.join("Bence", "business");
  const uni = await day.join("Anna", "academia");
  const observer = await day.join("Olga", "community", "observer");
  const fees = await day.hostChallenge("Membership fees keep SMEs out");
  const data = await day.hostChallenge("No shared data space");
  const talent = await day.hostChallenge("Young researchers leave the region");
  await day.moveRoomTo("vote_challenges");
  await vote(gov, data.id, 3);
  await vote(biz, fees.id, 3);
  await vote(uni, data.id, 2);
  return { day, vote, gov, biz, uni, observer, fees, data, talent };
}

describe("a vote's electorate", () => {
  it("while the vote is open counts everyone present who may vote (observers not), and turnout says who voted", async () => {
    const { day } = await aChallengeVote();
    const live = await t.services.voting.currentTallies(day.workshop.id, "facilitator");
    expect(live?.electorate).toEqual(helixCounts({ government: 1, business: 1, academia: 1 }));
    expect(live?.turnout).toEqual(helixCounts({ government: 1, business: 1, academia: 1 }));
    // A newcomer while the vote is open is part of it: they may still vote.
    await day.join("Cili", "community");
    expect((await t.services.voting.currentTallies(day.workshop.id, "facilitator"))?.electorate).toEqual(
      helixCounts({ government: 1, business: 1, academia: 1, community: 1 }),
    );
    expect((await t.services.voting.currentTallies(day.workshop.id, "facilitator"))?.turnout.community).toBe(0);
  });

  it("is stored when the room moves on: a late joiner changes nothing in that vote's figures, live or in the report", async () => {
    const { day, data, fees } = await aChallengeVote();
    const voteStep = await day.step("vote_challenges");
    await day.moveRoomTo("collect_solutions");
    const before = await t.services.voting.tallies(day.workshop.id, voteStep);
    const reportBefore = unwrap(await t.services.reports.model(day.actor, day.workshop.id));
    expect((await day.view()).steps.find((s) => s.id === voteStep)?.electorate).toEqual(
      helixCounts({ government: 1, business: 1, academia: 1 }),
    );

    // Four community participants arrive after the vote (and one more government official).
    for (const name of ["Cili", "Dóra", "Emese", "Flóra"]) await day.join(name, "community");
    await day.join("Gyula", "government");

    const after = await t.services.voting.tallies(day.workshop.id, voteStep);
    expect(after).toEqual(before);
    const reportAfter = unwrap(await t.services.reports.model(day.actor, day.workshop.id));
    expect(reportAfter.challenges.items).toEqual(reportBefore.challenges.items);
    expect(reportAfter.challenges.electorate).toEqual(helixCounts({ government: 1, business: 1, academia: 1 }));
    expect(reportAfter.votes[0].items).toEqual(reportBefore.votes[0].items);
    // Community was absent from the vote: it stays absent in that vote, though the room now has it.
    expect(reportAfter.votes[0].balance.absentHelices).toEqual(["community"]);
    expect(reportAfter.participation.byHelix.community).toBe(5);
    // The ranking the room saw: the data space (government + academia) above the fees (business only).
    expect(reportAfter.challenges.items.map((i) => i.id).slice(0, 2)).toEqual([data.id, fees.id]);
  });

  it("is stored when the workshop is closed during the vote, and counts again if the room goes back to the vote", async () => {
    const { day } = await aChallengeVote();
    const voteStep = await day.step("vote_challenges");
    unwrap(await t.services.workshops.setStatus(day.actor, day.workshop.id, { status: "closed" }));
    expect((await day.view()).steps.find((s) => s.id === voteStep)?.electorate).toEqual(
      helixCounts({ government: 1, business: 1, academia: 1 }),
    );
    unwrap(await t.services.workshops.setStatus(day.actor, day.workshop.id, { status: "live" }));
    expect((await day.view()).steps.find((s) => s.id === voteStep)?.electorate).toBeNull();
    await day.join("Cili", "community");
    expect((await t.services.voting.tallies(day.workshop.id, voteStep))?.electorate.community).toBe(1);
  });

  it("every vote step appears in the report with its own electorate and turnout, in agenda order", async () => {
    const { day, vote, gov, biz, data, fees } = await aChallengeVote();
    // A run-off vote added after the first, with a community participant who arrived in between.
    unwrap(
      await t.services.agenda.addStep(day.actor, day.workshop.id, {
        kind: "vote_challenges",
        title: "Run-off",
        afterStepId: await day.step("vote_challenges"),
      }),
    );
    const runOff = (await day.view()).steps.find((s) => s.title === "Run-off");
    if (!runOff) throw new Error("no run-off step");
    await day.moveRoomTo("collect_solutions");
    const cili = await day.join("Cili", "community");
    unwrap(await t.services.agenda.goToStep(day.actor, day.workshop.id, { stepId: runOff.id }));
    await vote(cili, fees.id, 2);
    await vote(gov, fees.id, 1);
    await vote(biz, data.id, 1);
    await day.moveRoomTo("collect_solutions");

    const report = unwrap(await t.services.reports.model(day.actor, day.workshop.id));
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.votes.map((v) => [v.number, v.title, v.kind])).toEqual([
      [1, null, "challenge"],
      [2, "Run-off", "challenge"],
    ]);
    expect(report.votes[0].electorate).toEqual(helixCounts({ government: 1, business: 1, academia: 1 }));
    expect(report.votes[0].turnout).toEqual(helixCounts({ government: 1, business: 1, academia: 1 }));
    expect(report.votes[1].electorate).toEqual(helixCounts({ government: 1, business: 1, academia: 1, community: 1 }));
    expect(report.votes[1].turnout).toEqual(helixCounts({ government: 1, business: 1, community: 1 }));
    expect(report.votes[1].pointsGiven).toBe(4);
    // The challenges section ranks by the day's last challenge vote, and says which.
    expect(report.challenges.voteStepId).toBe(runOff.id);
    expect(report.summary.pointsGiven).toBe(12);
  });
});

describe("hiding a contribution gives its points back", () => {
  it("the facilitator is told how many points go back before confirming; the log records it; shown again, it has none", async () => {
    const { day, vote, gov, uni, data } = await aChallengeVote();
    expect(unwrap(await t.services.moderation.hideImpact(day.actor, day.workshop.id, { contributionId: data.id }))).toEqual({
      points: 5,
      voters: 2,
    });
    // Only the workshop's facilitators may ask.
    expect((await t.services.moderation.hideImpact(gov.actor, day.workshop.id, { contributionId: data.id })).ok).toBe(false);
    expect((await t.services.moderation.hideImpact(day.actor, day.workshop.id, { contributionId: 42 })).ok).toBe(false);

    const seqBefore = (await day.view()).seq;
    unwrap(await t.services.moderation.hide(day.actor, day.workshop.id, { contributionId: data.id }));
    const logged = t.published.flatMap((p) => p.events).filter((e) => e.seq > seqBefore);
    expect(logged.map((e) => e.type)).toEqual(["contribution.updated", "votes.returned"]);
    expect((logged[1] as Extract<WorkshopEvent, { type: "votes.returned" }>).payload).toEqual({
      contributionId: data.id,
      points: 5,
      voters: 2,
    });
    // The room keeps the event's number but not the count (results may be hidden).
    const roomEvents = unwrap(await t.services.room.sync(day.workshop.id, "room", { lastSeq: seqBefore }));
    expect(roomEvents.mode === "events" && roomEvents.events.map((e) => e.type)).toEqual([
      "contribution.removed",
      "contribution.removed",
    ]);

    // Gábor may spend his 3 points again.
    expect((await t.services.voting.myBallot(gov.actor, day.workshop.id))?.remaining).toBe(5);
    unwrap(await t.services.moderation.unhide(day.actor, day.workshop.id, { contributionId: data.id }));
    expect((await t.services.voting.currentTallies(day.workshop.id, "facilitator"))?.items[data.id]).toBeUndefined();
    expect(unwrap(await t.services.moderation.hideImpact(day.actor, day.workshop.id, { contributionId: data.id }))).toEqual({
      points: 0,
      voters: 0,
    });
    await vote(uni, data.id, 1);
  });
});

describe("top N is resolved when the facilitator applies it", () => {
  it("stores the ids of the last vote's top N, publishes them with the agenda, and re-applying ranks again", async () => {
    const { day, vote, gov, biz, uni, data, fees, talent } = await aChallengeVote();
    await day.moveRoomTo("collect_solutions");
    const stepId = await day.step("collect_solutions");
    const seq = (await day.view()).seq;
    unwrap(await t.services.agenda.setOpenChallenges(day.actor, day.workshop.id, { stepId, open: { mode: "top", n: 2 } }));
    const stored = (await day.view()).steps.find((s) => s.id === stepId)?.settings.openChallenges;
    expect(stored).toEqual({ mode: "top", n: 2, ids: [data.id, fees.id] });
    const published = t.published.flatMap((p) => p.events).find((e) => e.seq > seq && e.type === "agenda.changed");
    expect(published?.type === "agenda.changed" && published.payload.steps.find((s) => s.id === stepId)?.settings).toEqual({
      openChallenges: stored,
    });
    // The room's copy (what phones and the projector hold) carries the same list.
    expect((await day.view("room")).steps.find((s) => s.id === stepId)?.settings.openChallenges).toEqual(stored);

    // A new challenge vote puts the talent challenge first; applying again follows it.
    unwrap(await t.services.agenda.goToStep(day.actor, day.workshop.id, { stepId: await day.step("vote_challenges") }));
    for (const who of [gov, biz, uni]) await vote(who, talent.id, 2);
    await day.moveRoomTo("collect_solutions");
    unwrap(await t.services.agenda.setOpenChallenges(day.actor, day.workshop.id, { stepId, open: { mode: "top", n: 1 } }));
    expect((await day.view()).steps.find((s) => s.id === stepId)?.settings.openChallenges).toEqual({
      mode: "top",
      n: 1,
      ids: [talent.id],
    });
  });
});
