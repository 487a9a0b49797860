import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import madge from "madge";
import { describe, expect, it } from "vitest";

/**
 * The house rules a reviewer would otherwise have to remember (ARCHITECTURE.md, "Rules of the
 * house"; docs/decisions/0008): no import cycles, and no screen re-deriving a rule that a domain
 * selector answers.
 */
const root = join(__dirname, "../..");
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });

describe("the shape of the code", () => {
  it("has no import cycles in app/", async () => {
    const graph = await madge(join(root, "app"), {
      fileExtensions: ["ts", "tsx"],
      tsConfig: join(root, "tsconfig.json"),
      excludeRegExp: [/\.test\.ts$/],
    });
    expect(graph.circular()).toEqual([]);
  }, 60_000);

  it("routes and components ask the domain's selectors instead of re-deriving its rules", () => {
    // Each pattern is a rule with one home; a screen that writes it again can disagree with the server.
    const rederived: [RegExp, string][] = [
      [/\bopenChallengeIds\(/, "which challenges are open: challengesOpenForSolutions / participantAbilities"],
      [/\bstepAccepts\(|\bacceptedContribution\(/, "what may be submitted: submittableKind / participantAbilities"],
      [/role\s*[!=]==?\s*"observer"|"observer"\s*[!=]==?\s*\w+\.role/, "who votes and endorses: canVoteNow / canEndorseNow"],
      [/results\s*===\s*"live"/, "whether the room sees results: roomSeesResults"],
      [/\.endsAt\s*[<>]/, "whether a timer runs: timerState"],
      [/steps\.find\(\(\w+\)\s*=>\s*\w+\.id\s*===\s*\w+\.currentStepId\)/, "the current step: currentStep"],
    ];
    const screens = [...filesUnder(join(root, "app/routes")), ...filesUnder(join(root, "app/components"))];
    const found = screens.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return rederived.filter(([pattern]) => pattern.test(text)).map(([, rule]) => `${relative(root, file)}: ${rule}`);
    });
    expect(found).toEqual([]);
  });

  it("no service imports another service (shared reads and writes live in app/db/queries)", () => {
    // What services share that is not a use case: the actor, who may act, the command pipeline,
    // their dependencies, the event log, password hashing, how a vote's electorate settles, and a
    // vote's checks (the ballot box both databases answer).
    const shared =
      /\/(actor|access\.server|command\.server|deps\.server|event-log\.server|passwords\.server|electorate\.server|ballot-box)$/;
    const offenders = filesUnder(join(root, "app/services"))
      .filter((file) => !file.endsWith("index.server.ts"))
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/^import (?!type )[^;]*? from "(\.{1,2}\/[^"]+)";/gms)]
          .map((m) => m[1])
          .filter((path) => join(file, "..", path).startsWith(join(root, "app/services")) && !shared.test(path))
          .map((path) => `${relative(root, file)} imports ${path}`),
      );
    expect(offenders).toEqual([]);
  });
});
