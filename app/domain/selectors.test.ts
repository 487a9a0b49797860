import { describe, expect, it } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import type { AgendaStep, OpenChallenges } from "./agenda";
import type { ContributionView } from "./contributions";
import { electorateOf } from "./helix";
import { roomBalance } from "./helix-metrics";
import {
  ballotShown,
  canChangeContribution,
  canEndorseNow,
  canVoteNow,
  challengesOpenForSolutions,
  currentVote,
  endorsedShown,
  participantAbilities,
  resultsBeforeBallot,
  roomSeesResults,
  submittableKind,
} from "./selectors";
import type { StepKind } from "./step-kinds";
import { defaultVoteSettings } from "./voting";
import type { WorkshopState } from "./workshop-state";

const step = (kind: StepKind, settings: AgendaStep["settings"] = {}): AgendaStep => ({
  day: 1,
  id: `step-${kind}`,
  kind,
  title: null,
  settings,
  timer: null,
  electorate: null,
});

const challenge = (id: string, createdAt: number): ContributionView => ({
  id,
  kind: "challenge",
  parentId: null,
  title: id,
  body: null,
  status: "visible",
  mergedInto: null,
  origin: "participant",
  helix: "business",
  role: "local_stakeholder",
  authorName: null,
  authorId: null,
  createdAt,
  editedAt: null,
});

/** The room in one step, with four challenges submitted c1…c4. */
function roomIn(s: AgendaStep, status: WorkshopState["workshop"]["status"] = "live"): WorkshopState {
  return {
    ...emptyState,
    workshop: { ...emptyState.workshop, status },
    steps: [s],
    currentStepId: s.id,
    contributions: ["c1", "c2", "c3", "c4"].map((id, i) => challenge(id, i)),
  };
}

const stakeholder = { role: "local_stakeholder" as const };
const observer = { role: "observer" as const };

describe("what a participant may do now", () => {
  it("submits challenges while the room collects them, and nothing in a closed workshop", () => {
    expect(participantAbilities(roomIn(step("collect_challenges")), stakeholder, 0).submit).toBe("challenge");
    expect(participantAbilities(roomIn(step("collect_challenges"), "closed"), stakeholder, 0).submit).toBeNull();
    expect(participantAbilities(roomIn(step("vote_challenges")), stakeholder, 0).submit).toBeNull();
  });

  it("answers exactly the challenges the step opened: top N as stored, in the vote's order", () => {
    const open: OpenChallenges = { mode: "top", n: 2, ids: ["c4", "c3"] };
    const can = participantAbilities(roomIn(step("collect_solutions", { openChallenges: open })), stakeholder, 0);
    expect(can.submit).toBe("solution");
    expect(can.openChallengeIds).toEqual(["c4", "c3"]);
  });

  it("has no challenges to answer outside a collect-solutions step", () => {
    const state = roomIn(step("collect_challenges"));
    expect(challengesOpenForSolutions({ status: "live", step: state.steps[0] }, state.contributions)).toEqual([]);
  });

  it("votes in a vote step unless they observe or the workshop has ended", () => {
    expect(participantAbilities(roomIn(step("vote_solutions")), stakeholder, 0).vote).toBe(true);
    expect(participantAbilities(roomIn(step("vote_solutions")), observer, 0).vote).toBe(false);
    expect(participantAbilities(roomIn(step("vote_solutions"), "closed"), stakeholder, 0).vote).toBe(false);
    expect(canVoteNow({ status: "live", step: { kind: "discussion" } }, "international_peer")).toBe(false);
  });

  it("endorses only in the recommendations step, and never as an observer", () => {
    expect(canEndorseNow({ status: "live", step: { kind: "recommendations" } }, "international_peer")).toBe(true);
    expect(canEndorseNow({ status: "live", step: { kind: "recommendations" } }, "observer")).toBe(false);
    expect(canEndorseNow({ status: "live", step: { kind: "vote_solutions" } }, "local_stakeholder")).toBe(false);
    expect(canEndorseNow({ status: "closed", step: { kind: "recommendations" } }, "local_stakeholder")).toBe(false);
  });

  it("may change who they speak for until their first contribution, vote or endorsement", () => {
    expect(participantAbilities(roomIn(step("lobby")), stakeholder, 0).editProfile).toBe(true);
    expect(participantAbilities(roomIn(step("lobby")), stakeholder, 1).editProfile).toBe(false);
    expect(participantAbilities(roomIn(step("lobby"), "closed"), stakeholder, 0).editProfile).toBe(false);
  });

  it("changes their own contribution only while it is visible and its step still takes its kind", () => {
    const room = { status: "live" as const, step: { kind: "collect_challenges" as const } };
    expect(canChangeContribution(room, { kind: "challenge", status: "visible" })).toBe(true);
    expect(canChangeContribution(room, { kind: "challenge", status: "hidden" })).toBe(false);
    expect(canChangeContribution(room, { kind: "solution", status: "visible" })).toBe(false);
    expect(canChangeContribution({ ...room, status: "closed" }, { kind: "challenge", status: "visible" })).toBe(false);
  });

  it("asks the same question the services ask", () => {
    expect(submittableKind({ status: "draft", step: { kind: "collect_solutions" } })).toBe("solution");
  });
});

describe("the vote the room is in", () => {
  it("is null outside vote steps, and carries the ballot and its totals inside one", () => {
    expect(currentVote(roomIn(step("collect_challenges")))).toBeNull();
    const state = roomIn(step("vote_challenges"));
    const tallies = {
      stepId: state.steps[0].id,
      items: {},
      electorate: { government: 1, academia: 0, business: 2, community: 0 },
      turnout: { government: 1, academia: 0, business: 1, community: 0 },
      hidden: false,
      upTo: 3,
    };
    const vote = currentVote({ ...state, tallies });
    expect(vote?.kind).toBe("challenge");
    expect(vote?.items.map((i) => i.id)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(vote?.tallies).toBe(tallies);
    // Totals of another step are not this vote's.
    expect(currentVote({ ...state, tallies: { ...tallies, stepId: "other" } })?.tallies).toBeNull();
  });

  it("shows the room its results when they are live or revealed", () => {
    expect(roomSeesResults(defaultVoteSettings())).toBe(true);
    expect(roomSeesResults({ ...defaultVoteSettings(), results: "hidden" })).toBe(false);
    expect(roomSeesResults({ ...defaultVoteSettings(), results: "hidden", revealed: true })).toBe(true);
  });

  it("puts a phone's ballot first while results are live, and revealed results above it", () => {
    expect(resultsBeforeBallot(defaultVoteSettings())).toBe(false);
    expect(resultsBeforeBallot({ ...defaultVoteSettings(), results: "hidden" })).toBe(false);
    expect(resultsBeforeBallot({ ...defaultVoteSettings(), results: "hidden", revealed: true })).toBe(true);
  });
});

describe("the room's balance", () => {
  it("counts those who could vote (observers left out) and judges absence against the invited helices", () => {
    const people = [
      { helix: "business" as const, role: "local_stakeholder" as const },
      { helix: "business" as const, role: "international_peer" as const },
      { helix: "academia" as const, role: "observer" as const },
      { helix: "government" as const, role: "local_stakeholder" as const },
    ];
    const electorate = electorateOf(people);
    expect(electorate).toEqual({ government: 1, academia: 0, business: 2, community: 0 });
    const balance = roomBalance(electorate, ["government", "academia", "business"]);
    expect(balance.dominant).toBe("business");
    // Community was not invited: its absence is not a gap in this room.
    expect(balance.absent).toEqual(["academia"]);
  });
});

describe("what the phone shows of its own votes and endorsements while some wait to be sent", () => {
  const vote = { step: { id: "s1" }, settings: { budget: 5 } };

  it("lays the queued points over the confirmed ballot and counts what is then left", () => {
    const confirmed = { stepId: "s1", points: { a: 2, b: 1 }, remaining: 2 };
    expect(ballotShown(vote, confirmed, new Map())).toBe(confirmed);
    expect(
      ballotShown(
        vote,
        confirmed,
        new Map([
          ["a", 0],
          ["c", 3],
        ]),
      ),
    ).toEqual({ stepId: "s1", points: { a: 0, b: 1, c: 3 }, remaining: 1 });
  });

  it("starts from the whole budget before the server confirmed anything in this vote (or only in an earlier one)", () => {
    const earlier = { stepId: "s0", points: { a: 3 }, remaining: 2 };
    expect(ballotShown(vote, earlier, new Map())).toEqual({ stepId: "s1", points: {}, remaining: 5 });
    expect(ballotShown(vote, null, new Map([["a", 2]]))).toEqual({ stepId: "s1", points: { a: 2 }, remaining: 3 });
  });

  it("shows endorsements given or taken back on the phone before the server confirms them", () => {
    expect(
      endorsedShown(
        ["r1", "r2"],
        new Map([
          ["r1", false],
          ["r3", true],
          ["r2", true],
        ]),
      ),
    ).toEqual(["r2", "r3"]);
  });
});
