import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, ensureBuiltServer, startBuiltServer } from "../support/built-server";
import { seedVoteWorkshop, type VoteWorkshop } from "../support/vote-workshop";

/**
 * What `npm start` takes from its environment reaches the parts it configures: the built server,
 * as an operator starts it. (Parsing each variable is tested in app/config/env.server.test.ts.)
 */
const SESSION_SECRET = "server-env-test-secret-0123456789abcdef";
let dir: string;
let workshop: VoteWorkshop;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  await ensureBuiltServer();
  dir = mkdtempSync(join(tmpdir(), "helix-server-env-"));
  workshop = await seedVoteWorkshop(join(dir, "workshop.sqlite"), { participants: 1, budget: 5, cap: 3, secret: SESSION_SECRET });
}, 600_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A projector connecting: whether the server let it in, or the code it was refused with. */
const connectDisplay = (url: string): Promise<string> =>
  connectClient(
    url,
    { as: "display", workshopId: workshop.workshopId, displayToken: workshop.displayToken },
    { onClose: (close) => cleanups.push(close) },
  ).then(
    () => "connected",
    (error: Error & { data?: { code?: string } }) => error.data?.code ?? error.message,
  );

describe("the server's environment", () => {
  it("HANDSHAKES_PER_MINUTE sets how many sockets one address may open a minute", async () => {
    const server = startBuiltServer({ DATABASE_PATH: join(dir, "workshop.sqlite"), SESSION_SECRET, HANDSHAKES_PER_MINUTE: "3" });
    cleanups.push(server.stop);
    const url = await server.url;
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) answers.push(await connectDisplay(url));
    expect(answers).toEqual(["connected", "connected", "connected", "rate_limited"]);

    // Unset, a venue's worth (1,200 a minute): the same four are all let in.
    const byDefault = startBuiltServer({ DATABASE_PATH: join(dir, "workshop.sqlite"), SESSION_SECRET });
    cleanups.push(byDefault.stop);
    const defaultUrl = await byDefault.url;
    const admitted: string[] = [];
    for (let i = 0; i < 4; i++) admitted.push(await connectDisplay(defaultUrl));
    expect(admitted).toEqual(["connected", "connected", "connected", "connected"]);
  });
});
