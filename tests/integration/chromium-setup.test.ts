import { describe, expect, it } from "vitest";
import { ensureChromium, HOW_TO_INSTALL } from "../e2e/browser.mjs";
import { fakeMachine as anyMachine, CANNOT_INSTALL, OS_RELEASE } from "../support/fake-machine";

/**
 * The paths `npm test` takes on a machine without a browser, on a machine that has one: the
 * machine (files, environment, OS, user, commands) is a fake that records what would be run.
 */
const { debian: DEBIAN, ubuntu: UBUNTU } = OS_RELEASE;

const fakeMachine = (given: Parameters<typeof anyMachine>[0]) => anyMachine(given, { chromium: ["/usr/bin/chromium"] });

describe("npm test's browser on a fresh machine", () => {
  it("uses a browser that is there and installs nothing", () => {
    const { machine, commands } = fakeMachine({ files: ["/usr/bin/chromium"], osRelease: DEBIAN, root: true });
    expect(ensureChromium(machine)).toEqual({ path: "/usr/bin/chromium", source: "system" });
    expect(commands).toEqual([]);
  });

  it("prefers CHROME_PATH, then a system browser, then Playwright's own", () => {
    const all = ["/opt/chrome", "/usr/bin/google-chrome", "/pw/chrome"];
    expect(
      ensureChromium(fakeMachine({ files: all, env: { CHROME_PATH: "/opt/chrome" }, bundled: "/pw/chrome" }).machine),
    ).toEqual({
      path: "/opt/chrome",
      source: "CHROME_PATH",
    });
    expect(ensureChromium(fakeMachine({ files: all, bundled: "/pw/chrome" }).machine)).toEqual({
      path: "/usr/bin/google-chrome",
      source: "system",
    });
    expect(ensureChromium(fakeMachine({ files: ["/pw/chrome"], bundled: "/pw/chrome" }).machine)).toEqual({
      path: "/pw/chrome",
      source: "playwright",
    });
  });

  it("on Debian as root with none, installs the distribution's chromium, says so, and uses it", () => {
    const { machine, commands, lines } = fakeMachine({ osRelease: DEBIAN, root: true });
    expect(ensureChromium(machine)).toEqual({ path: "/usr/bin/chromium", source: "system" });
    expect(commands).toEqual(["apt-get update -qq", "apt-get install -y -qq chromium fonts-liberation"]);
    expect(lines.join("\n")).toMatch(/No Chromium found.*installing the distribution's chromium package/);
  });

  it("on Ubuntu as a user with password-less sudo, installs through sudo", () => {
    const { machine, commands } = fakeMachine({ osRelease: UBUNTU, sudo: true });
    expect(ensureChromium(machine)).toEqual({ path: "/usr/bin/chromium", source: "system" });
    expect(commands).toEqual([
      "sudo -n true",
      "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
      "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation",
    ]);
  });

  it("stops with the one command to run where it cannot install: another system, no sudo, or apt failing", () => {
    for (const { given, ran } of CANNOT_INSTALL) {
      const { machine, commands } = fakeMachine(given);
      expect(ensureChromium(machine)).toEqual({ error: HOW_TO_INSTALL });
      expect(commands).toEqual(ran);
    }
    expect(HOW_TO_INSTALL).toContain("sudo apt-get install chromium");
    expect(HOW_TO_INSTALL).toContain("npx playwright install chromium");
  });

  it("a CHROME_PATH that does not exist is an error, not a reason to install another browser", () => {
    const { machine, commands } = fakeMachine({ env: { CHROME_PATH: "/nowhere/chrome" }, osRelease: DEBIAN, root: true });
    const found = ensureChromium(machine);
    expect(found).toEqual({ error: expect.stringContaining("CHROME_PATH=/nowhere/chrome does not exist") });
    expect(commands).toEqual([]);
  });
});
