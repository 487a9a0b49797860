import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import madge from "madge";
import ts from "typescript";
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
    // vote's checks (the ballot box both databases answer) and PostgreSQL's answer to it.
    const shared =
      /\/(actor|access\.server|command\.server|deps\.server|event-log\.server|passwords\.server|electorate\.server|ballot-box|cast\.pg\.server)$/;
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

  it("services and queries await drizzle and take their tables from the handle (ADR 0014), but for the vote hot path", () => {
    // The SQLite-only synchronous calls and the SQLite schema module are the SQLite adapter's: the
    // same service code must run on PostgreSQL's tables. The vote hot path (ADR 0006) stays synchronous.
    const hotPath = new Set(["app/services/voting/cast.server.ts"]);
    const files = [...filesUnder(join(root, "app/services")), ...filesUnder(join(root, "app/db/queries"))].filter(
      (file) => !hotPath.has(relative(root, file)),
    );
    const builder =
      /^(select|selectDistinct|insert|update|delete|from|where|set|returning|onConflictDoUpdate|onConflictDoNothing)$/;
    /** Whether a call chain (`db.select()…where(…)`) contains a drizzle builder method. */
    const isQueryChain = (node: ts.Expression): boolean => {
      for (let n: ts.Node = node; ; ) {
        if (ts.isCallExpression(n)) n = n.expression;
        else if (ts.isPropertyAccessExpression(n)) {
          if (builder.test(n.name.text)) return true;
          n = n.expression;
        } else if (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
        else return false;
      }
    };
    const found = files.flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      const where = (node: ts.Node) =>
        `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const offences: string[] = [];
      const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
          const name = node.expression.name.text;
          // `.all()`, `.get()`, `.run()` without arguments are drizzle's SQLite-only calls (a Map's `get`
          // takes a key), and so is `.values()` without arguments on a query (an insert's `.values(rows)` is not).
          const sqliteOnly =
            (/^(all|get|run)$/.test(name) && (node.arguments.length === 0 || isQueryChain(node.expression.expression))) ||
            (name === "values" && node.arguments.length === 0 && isQueryChain(node.expression.expression));
          if (sqliteOnly) offences.push(`${where(node)}: .${name}() — await the query instead`);
        }
        if (
          ts.isImportDeclaration(node) &&
          ts.isStringLiteral(node.moduleSpecifier) &&
          /(^|\/)schema$/.test(node.moduleSpecifier.text) &&
          node.moduleSpecifier.text.startsWith(".") &&
          !node.importClause?.isTypeOnly &&
          node.importClause?.namedBindings &&
          ts.isNamedImports(node.importClause.namedBindings) &&
          node.importClause.namedBindings.elements.some((element) => !element.isTypeOnly)
        )
          offences.push(`${where(node)}: tables imported from the schema module — take them from db.tables / tx.tables`);
        ts.forEachChild(node, visit);
      };
      visit(source);
      return offences;
    });
    expect(found).toEqual([]);
  });
});
