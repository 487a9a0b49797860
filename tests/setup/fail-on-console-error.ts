import { afterEach, beforeEach, expect, vi } from "vitest";

/**
 * A test fails if anything writes to console.error it did not expect (epic-stack's habit):
 * errors the code logs are defects until a test says otherwise with `expectConsoleError()`.
 */
let spy: ReturnType<typeof vi.spyOn>;
let allowed = 0;

export function expectConsoleError(times = 1) {
  allowed += times;
}

beforeEach(() => {
  allowed = 0;
  spy = vi.spyOn(console, "error");
});

afterEach(() => {
  const calls = spy.mock.calls.length;
  spy.mockRestore();
  expect(calls, `console.error was called ${calls} time(s); expected ${allowed}`).toBe(allowed);
});
