import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../../scripts/lib/start-child";
import { createWorkshopViaUi, expect, readQrCode, signUpFacilitator, test } from "./fixtures";

/**
 * The address behind the QR code must be one phones can reach. On a server only this computer can
 * reach (the test server listens on 127.0.0.1), the facilitator is told so; with PUBLIC_URL set,
 * the QR, "Join at" and the participant link all use it. (Offering the machine's LAN addresses when
 * the facilitator opened localhost is covered by app/config/join-address.test.ts: tests never listen
 * beyond loopback.)
 */
test("a facilitator on a loopback-only server is told that phones cannot reach the join address", async ({ page }) => {
  await signUpFacilitator(page, "Eszter");
  const { participantLink } = await createWorkshopViaUi(page, { title: "Loopback review" });
  expect(participantLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/j\/[A-Z0-9]{6}$/);
  await expect(page.getByTestId("join-address-unreachable")).toContainText("Phones cannot reach this address");
});

test.describe("with PUBLIC_URL", () => {
  const PUBLIC = "https://review.example.org";
  let server: ReturnType<typeof startChild>;
  let base = "";
  let dataDir = "";

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "helix-review-public-"));
    server = startChild(
      ["build/server.js"],
      {
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: "0",
        DATABASE_PATH: join(dataDir, "e2e.sqlite"),
        PUBLIC_URL: `${PUBLIC}/`,
      },
      { timeoutMs: 30_000 },
    );
    base = await server.url;
  });
  test.afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("the QR, the join address and the participant link use it on every screen", async ({ openContext }) => {
    const laptop = await (await openContext({ baseURL: base })).newPage();
    await signUpFacilitator(laptop, "Eszter");
    const { participantLink, displayLink } = await createWorkshopViaUi(laptop, { title: "Public review" });
    expect(participantLink).toMatch(/^https:\/\/review\.example\.org\/j\/[A-Z0-9]{6}$/);
    // The projector is opened on this machine: its own link stays on the address the laptop uses.
    expect(displayLink.startsWith(base)).toBe(true);
    await expect(laptop.getByTestId("join-address-unreachable")).toHaveCount(0);
    expect(await readQrCode(laptop.getByRole("img", { name: "QR code that opens the participant link" }))).toBe(participantLink);

    const projector = await (await openContext({ baseURL: base, viewport: { width: 1920, height: 1080 } })).newPage();
    await projector.goto(displayLink);
    await expect(projector.getByTestId("display-join-code")).toBeVisible();
    await expect(projector.getByText("review.example.org/join")).toBeVisible();
    expect(await readQrCode(projector.getByRole("img", { name: "QR code that opens the participant link" }))).toBe(
      participantLink,
    );
  });
});
