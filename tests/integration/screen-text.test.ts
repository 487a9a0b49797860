import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Every word a screen shows comes from the i18n resources (issue 12): no letters written into a
 * component's JSX or its user-visible props, and no service message (English, for logs) rendered.
 */
const root = join(__dirname, "../..");
const filesUnder = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, ext) : ext.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
const screens = (ext: RegExp) => [
  join(root, "app/root.tsx"),
  ...filesUnder(join(root, "app/routes"), ext),
  ...filesUnder(join(root, "app/components"), ext),
];

/** Props a user reads or hears. */
const VISIBLE_PROPS = new Set(["label", "placeholder", "title", "aria-label", "alt", "description"]);
/** Words that are the same in every language: the brand. Symbols and digits carry no letters and pass anyway. */
const ALLOWED = new Set(["Helix Review"]);
const LETTERS = /\p{L}/u;

/** The literal texts of JSX children and visible props in one file, with their line numbers. */
function literalTexts(fileName: string, source: string): { line: number; text: string }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: { line: number; text: string }[] = [];
  const report = (node: ts.Node, text: string) => {
    const trimmed = text.replace(/\s+/g, " ").trim();
    if (LETTERS.test(trimmed) && !ALLOWED.has(trimmed))
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: trimmed });
  };
  /** A string written in an expression: a literal, a template's fixed parts, either branch of a condition. */
  const strings = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) report(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      report(node, [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" "));
    } else if (ts.isConditionalExpression(node)) {
      strings(node.whenTrue);
      strings(node.whenFalse);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken) strings(node.right);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) strings(node.right);
    else if (ts.isParenthesizedExpression(node)) strings(node.expression);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)))
      strings(node.expression);
    else if (ts.isJsxAttribute(node) && VISIBLE_PROPS.has(node.name.getText(file)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) report(node, node.initializer.text);
      else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) strings(node.initializer.expression);
    } else if (ts.isPropertyAssignment(node) && VISIBLE_PROPS.has(node.name.getText(file).replace(/"/g, ""))) {
      // The same props passed as data (`{ label: ... }` for a select, `{ title: ... }` for the page's meta).
      strings(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * Where a service's `message` may appear in a screen's source without being shown: the body of a
 * thrown error Response (the root error boundary shows its status in words, never its body).
 */
const MESSAGE_ALLOWED = [/throw new Response\(\w+\.error\.message,/];
/** Files another branch owns (the report export), checked when they move: see the final report of issue 12. */
const MESSAGE_FILES_ALLOWED = ["app/components/run/export-menu.tsx", "app/routes/workshops.$workshopId.report.$format.ts"];

function renderedMessages(source: string): { line: number; text: string }[] {
  return source
    .split("\n")
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter(({ text }) => /\.message\b/.test(text) && !MESSAGE_ALLOWED.some((allowed) => allowed.test(text)));
}

describe("what screens show", () => {
  it("finds the literals it is meant to find (the scanner itself)", () => {
    const sample = `export const A = () => (
      <Stack>
        <Text>Hello there</Text>
        <Button title="Close it" aria-label={open ? "Open" : t("x")}>{t("ok")} · 3</Button>
        <Text>{"Inline"}</Text>
        <Text>{\`Dear \${name}\`}</Text>
        <Anchor>Helix Review</Anchor>
        <Box data-testid="not-visible" className="stage" />
        <Select data={[{ value: "a", label: "Apple" }]} />
      </Stack>
    );`;
    expect(literalTexts("a.tsx", sample).map((f) => f.text)).toEqual([
      "Hello there",
      "Close it",
      "Open",
      "Inline",
      "Dear",
      "Apple",
    ]);
    expect(renderedMessages("<Alert>{error.message}</Alert>\nthrow new Response(result.error.message, {")).toEqual([
      { line: 1, text: "<Alert>{error.message}</Alert>" },
    ]);
  });

  it("no component or route writes user-visible text itself: every word comes from the i18n resources", () => {
    const found = screens(/\.tsx$/).flatMap((file) =>
      literalTexts(file, readFileSync(file, "utf8")).map((f) => `${relative(root, file)}:${f.line}: ${f.text}`),
    );
    expect(found).toEqual([]);
  });

  it("no component or route renders a service's message (English, for logs): they translate code, reason and fields", () => {
    const found = screens(/\.tsx?$/)
      .filter((file) => !MESSAGE_FILES_ALLOWED.includes(relative(root, file)))
      .flatMap((file) => renderedMessages(readFileSync(file, "utf8")).map((f) => `${relative(root, file)}:${f.line}: ${f.text}`));
    expect(found).toEqual([]);
  });

  it("the root error boundary never shows a thrown Response's body", () => {
    expect(readFileSync(join(root, "app/root.tsx"), "utf8")).not.toMatch(/\{\s*error\.data\s*\}/);
  });
});
