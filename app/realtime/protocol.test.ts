import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { ContributionView } from "../domain/contributions";
import { fail } from "../domain/result";
import type { SyncResult } from "../domain/sync";
import type { VoteAck } from "../domain/voting";
import {
  type AckOf,
  CLIENT_EVENTS,
  type ClientEvent,
  type ClientToServerEvents,
  clientCommands,
  type PayloadOf,
  type Send,
} from "./protocol";

const clientId = "6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5";

/** For every message: payloads a client may send (typed: they must also compile) and payloads the server refuses. */
const samples: { [E in ClientEvent]: { valid: PayloadOf<E>[]; invalid: unknown[] } } = {
  "workshop:sync": { valid: [{ lastSeq: 0 }, { lastSeq: 42 }], invalid: [{}, { lastSeq: -1 }, { lastSeq: 1.5 }, "0"] },
  "workshop:setStatus": { valid: [{ status: "live" }, { status: "closed" }], invalid: [{ status: "open" }, {}] },
  "participant:updateProfile": {
    valid: [
      { helix: "academia", role: "local_stakeholder" },
      { displayName: "Eszter", helix: "business", role: "observer" },
    ],
    invalid: [{ helix: "aliens", role: "observer" }, { helix: "academia" }],
  },
  "agenda:addStep": {
    valid: [{ kind: "discussion" }, { kind: "vote_challenges", title: "Vote", afterStepId: null }],
    invalid: [{ kind: "party" }, { title: "No kind" }],
  },
  "agenda:renameStep": {
    valid: [
      { stepId: "s1", title: "Coffee" },
      { stepId: "s1", title: null },
    ],
    invalid: [{ title: "x" }],
  },
  "agenda:moveStep": { valid: [{ stepId: "s1", toIndex: 0 }], invalid: [{ stepId: "s1", toIndex: -1 }, { stepId: "s1" }] },
  "agenda:removeStep": { valid: [{ stepId: "s1" }], invalid: [{ stepId: "" }, {}] },
  "agenda:goToStep": { valid: [{ stepId: "s1" }], invalid: [{ step: "s1" }] },
  "agenda:timer": {
    valid: [
      { stepId: "s1", command: { action: "set", seconds: 600 } },
      { stepId: "s1", command: { action: "start" } },
      { stepId: "s1", command: { action: "add", seconds: -60 } },
    ],
    invalid: [
      { stepId: "s1", command: { action: "rewind" } },
      { stepId: "s1", command: { action: "set", seconds: -1 } },
    ],
  },
  "agenda:setStepDay": {
    valid: [
      { stepId: "s1", day: 1 },
      { stepId: "s1", day: 7 },
    ],
    invalid: [{ stepId: "s1", day: 0 }, { stepId: "s1", day: 8 }, { stepId: "s1", day: 1.5 }, { stepId: "s1" }],
  },
  "agenda:setOpenChallenges": {
    valid: [
      { stepId: "s1", open: { mode: "all" } },
      { stepId: "s1", open: { mode: "top", n: 3 } },
      { stepId: "s1", open: { mode: "selected", ids: ["c1", "c2"] } },
    ],
    invalid: [
      { stepId: "s1", open: { mode: "top" } },
      { stepId: "s1", open: { mode: "some" } },
    ],
  },
  "contribution:submit": {
    valid: [
      { kind: "challenge", clientId, title: "Too few night buses", body: "Shift workers walk home." },
      { kind: "solution", clientId, title: "On-demand minibuses", challengeId: "c1" },
    ],
    invalid: [
      { kind: "solution", clientId, title: "Which challenge?" },
      { kind: "challenge", clientId: "short", title: "x" },
      { kind: "challenge", clientId, title: "   " },
    ],
  },
  "contribution:edit": {
    valid: [{ contributionId: "c1", title: "Fewer night buses", body: null }],
    invalid: [{ contributionId: "c1", title: "" }],
  },
  "contribution:withdraw": { valid: [{ contributionId: "c1" }], invalid: [{ id: "c1" }] },
  "moderation:hide": { valid: [{ contributionId: "c1" }], invalid: [{}] },
  "moderation:unhide": { valid: [{ contributionId: "c1" }], invalid: [{ contributionId: 1 }] },
  "moderation:edit": { valid: [{ contributionId: "c1", title: "Tidied", body: "" }], invalid: [{ title: "Tidied" }] },
  "moderation:merge": { valid: [{ sourceId: "c1", targetId: "c2" }], invalid: [{ sourceId: "c1", targetId: "c1" }] },
  "moderation:moveSolution": { valid: [{ solutionId: "s1", challengeId: "c2" }], invalid: [{ solutionId: "s1" }] },
  "moderation:pin": { valid: [{ contributionId: "c1" }, { contributionId: null }], invalid: [{}] },
  "moderation:hideImpact": { valid: [{ contributionId: "c1" }], invalid: [{ contributionId: "" }] },
  "vote:set": {
    valid: [
      { clientId, contributionId: "c1", points: 2 },
      { clientId, contributionId: "c1", points: 0 },
    ],
    invalid: [
      { clientId, contributionId: "c1", points: -1 },
      { clientId, contributionId: "c1", points: 1.5 },
      { clientId: "short", contributionId: "c1", points: 1 },
    ],
  },
  "vote:settings": {
    valid: [
      { stepId: "s1", settings: {} },
      { stepId: "s1", settings: { budget: 7, cap: 2, results: "hidden" } },
    ],
    invalid: [
      { stepId: "s1", settings: { budget: 0 } },
      { stepId: "s1", settings: { results: "secret" } },
    ],
  },
  "vote:reveal": { valid: [{ stepId: "s1", revealed: true }], invalid: [{ stepId: "s1" }] },
  "vote:showResults": { valid: [{ stepId: "s1" }, { stepId: null }], invalid: [{}, { stepId: 3 }] },
  "recommendation:save": {
    valid: [
      { clientId, title: "Night minibuses", owner: { kind: "helix", helix: "government" }, priority: "high" },
      {
        recommendationId: "r1",
        baseUpdatedAt: 1,
        title: "Night minibuses",
        owner: { kind: "organisation", name: "City transport" },
        deadline: "2025-03-01",
        priority: "low",
        linkedIds: ["s1"],
      },
    ],
    invalid: [
      { title: "Neither new nor an edit", owner: { kind: "helix", helix: "government" }, priority: "high" },
      { clientId, recommendationId: "r1", title: "Both", owner: { kind: "helix", helix: "government" }, priority: "high" },
      { clientId, title: "x", owner: { kind: "helix", helix: "government" }, priority: "high", deadline: "2025-02-30" },
      { clientId, title: "x", owner: { kind: "helix", helix: "government" }, priority: "high", extra: true },
    ],
  },
  "recommendation:remove": { valid: [{ recommendationId: "r1" }], invalid: [{ id: "r1" }] },
  "recommendation:move": { valid: [{ recommendationId: "r1", toIndex: 0 }], invalid: [{ recommendationId: "r1", toIndex: -1 }] },
  "recommendation:endorse": {
    valid: [{ recommendationId: "r1", endorsed: true }],
    invalid: [{ recommendationId: "r1" }, { recommendationId: "r1", endorsed: "yes" }],
  },
  "moderation:history": { valid: [{ contributionId: "c1" }], invalid: [{}, { contributionId: "" }] },
  "note:save": {
    valid: [
      { subject: "step:s1", body: "Decided: **pilot** in 2027", baseVersion: 0 },
      { subject: "challenge:c1", body: "", baseVersion: 3 },
    ],
    invalid: [
      { subject: "participant:p1", body: "x", baseVersion: 0 },
      { subject: "step:s1", body: "x" },
      { subject: "step:s1", body: "x".repeat(20_001), baseVersion: 0 },
      { subject: "step:s1", body: "x", baseVersion: -1 },
    ],
  },
};

describe("the realtime protocol", () => {
  it("has a payload schema for every client event, and no schema for an event it does not list", () => {
    expect(new Set(CLIENT_EVENTS).size).toBe(CLIENT_EVENTS.length);
    expect(Object.keys(clientCommands).sort()).toEqual([...CLIENT_EVENTS].sort());
    for (const event of CLIENT_EVENTS) expect(clientCommands[event].payload, event).toBeInstanceOf(z.ZodType);
  });

  it.each(CLIENT_EVENTS)("%s: parses what a client sends and refuses what it may not", (event) => {
    const schema: z.ZodTypeAny = clientCommands[event].payload;
    const { valid, invalid } = samples[event];
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    for (const payload of valid) expect(schema.safeParse(payload).success, JSON.stringify(payload)).toBe(true);
    for (const payload of invalid) expect(schema.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
  });

  it("imports nothing server-only, not even through the domain (the browser bundles it)", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
        visit(resolve(dirname(file), spec.endsWith(".ts") ? spec : `${spec}.ts`));
      }
    };
    visit(fileURLToPath(new URL("./protocol.ts", import.meta.url)));
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].filter((file) => /\.server\.ts$/.test(file))).toEqual([]);
  });

  it("types what a phone sends and what it is answered", async () => {
    expectTypeOf<PayloadOf<"vote:set">>().toEqualTypeOf<{
      clientId: string;
      contributionId: string;
      points: number;
      stepId?: string | undefined;
    }>();
    expectTypeOf<AckOf<"vote:set">>().toEqualTypeOf<VoteAck>();
    expectTypeOf<AckOf<"workshop:sync">>().toEqualTypeOf<SyncResult>();
    expectTypeOf<AckOf<"contribution:submit">>().toEqualTypeOf<ContributionView>();
    // Socket.IO's view of the protocol is the same.
    expectTypeOf<Parameters<ClientToServerEvents["vote:set"]>[0]>().toEqualTypeOf<PayloadOf<"vote:set">>();
    // Payloads are the schemas' inputs: what the server fills in or trims may be left out.
    expectTypeOf<{ kind: "challenge"; clientId: string; title: string }>().toMatchTypeOf<PayloadOf<"contribution:submit">>();
    expectTypeOf<{ kind: "solution"; clientId: string; title: string }>().not.toMatchTypeOf<PayloadOf<"contribution:submit">>();

    const send: Send = async () => fail("internal", "Not connected; try again in a moment.");
    const answer = await send("vote:set", { clientId, contributionId: "c1", points: 2 });
    if (answer.ok) expectTypeOf(answer.data).toEqualTypeOf<VoteAck>();
    expect(answer.ok).toBe(false);
    // @ts-expect-error points are a number
    await send("vote:set", { clientId, contributionId: "c1", points: "2" });
    // @ts-expect-error a vote names the item it is for
    await send("vote:set", { clientId, points: 2 });
    // @ts-expect-error not a message of the protocol
    await send("vote:cast", { clientId, contributionId: "c1", points: 2 });
  });
});
