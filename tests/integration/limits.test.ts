import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadEnv } from "../../app/config/env.server";
import { createRateLimits, RATE_LIMITS } from "../../app/config/rate-limits.server";
import { mapInOrder } from "../../app/utils/in-order";
import { createFacilitator, createTestServices, createWorkshop, joinWorkshop } from "./helpers";
import { closeServers, refusal, startServer } from "./socket-helpers";

afterAll(closeServers);

describe("socket handshakes", () => {
  it("are limited per address: past the budget a connection is refused as rate limited", async () => {
    const server = await startServer({ limits: createRateLimits({ ...RATE_LIMITS, handshake: { points: 3, duration: 60 } }) });
    const { actor } = await createFacilitator(server.services, "Eszter");
    const workshop = await createWorkshop(server.services, actor);
    for (let i = 0; i < 3; i++) {
      const attempt = await refusal(server.client({ as: "display", workshopId: workshop.id, displayToken: "wrong" }));
      expect(attempt.data?.code).toBe("unauthenticated");
    }
    const fourth = await refusal(server.client({ as: "display", workshopId: workshop.id, displayToken: "wrong" }));
    expect(fourth.data?.code).toBe("rate_limited");
  });

  it("a venue with thousands of phones behind one address raises the budget with HANDSHAKES_PER_MINUTE; nonsense stops the server at start", () => {
    const base = { NODE_ENV: "test", DATABASE_PATH: ":memory:", SESSION_SECRET: "x".repeat(32) } as const;
    expect(loadEnv(base).HANDSHAKES_PER_MINUTE).toBe(RATE_LIMITS.handshake.points);
    expect(loadEnv({ ...base, HANDSHAKES_PER_MINUTE: "20000" }).HANDSHAKES_PER_MINUTE).toBe(20_000);
    for (const nonsense of ["0", "-5", "many", "1.5"])
      expect(() => loadEnv({ ...base, HANDSHAKES_PER_MINUTE: nonsense }), nonsense).toThrow(/HANDSHAKES_PER_MINUTE/);
  });
});

describe("a join form sent again", () => {
  let t: ReturnType<typeof createTestServices>;
  afterEach(() => t.cleanup());

  it("gets the same participant and the same token every time, so whichever answer the phone kept works", async () => {
    t = createTestServices();
    const { actor } = await createFacilitator(t.services, "Eszter");
    const workshop = await createWorkshop(t.services, actor);
    const profile = { helix: "business", role: "local_stakeholder", displayName: "Bence" };
    const answers = await mapInOrder(Array.from({ length: 20 }), () =>
      joinWorkshop(t.services, workshop.joinCode, profile, { joinKey: "form-render-0001" }),
    );
    expect(new Set(answers.map((a) => a.participant.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.token)).size).toBe(1);
    for (const answer of answers)
      expect(await t.services.participants.connect(workshop.id, answer.token)).toBe(answer.participant.id);
    // Another form is another participant, with another token.
    const other = await joinWorkshop(t.services, workshop.joinCode, profile, { joinKey: "form-render-0002" });
    expect(other.token).not.toBe(answers[0].token);
  });
});
