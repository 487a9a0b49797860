import { describe, expect, it } from "vitest";
import {
  generateJoinCode,
  isJoinCode,
  isWrongLengthForJoinCode,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  normalizeJoinCode,
} from "./join-code";

describe("join codes", () => {
  it("are six characters from an alphabet without look-alikes", () => {
    for (const ambiguous of "0O1IL5S2Z8B") expect(JOIN_CODE_ALPHABET).not.toContain(ambiguous);
    let seed = 0;
    const code = generateJoinCode((max) => seed++ % max);
    expect(code).toHaveLength(JOIN_CODE_LENGTH);
    expect([...code].every((ch) => JOIN_CODE_ALPHABET.includes(ch))).toBe(true);
  });

  it("use every character of the alphabet given a uniform source", () => {
    const seen = new Set<string>();
    let n = 0;
    for (let i = 0; i < 50; i++) for (const ch of generateJoinCode((max) => n++ % max)) seen.add(ch);
    expect(seen.size).toBe(JOIN_CODE_ALPHABET.length);
  });

  it("accept what a person types: lower case, spaces and dashes", () => {
    expect(normalizeJoinCode(" k7x-mqp ")).toBe("K7XMQP");
    expect(isJoinCode("k7x mqp")).toBe(true);
  });

  it("reject codes of the wrong length or with look-alike characters", () => {
    expect(isJoinCode("K7XMQ")).toBe(false);
    expect(isJoinCode("K7XMQPP")).toBe(false);
    expect(isJoinCode("K7XMQ0")).toBe(false);
    expect(isJoinCode("")).toBe(false);
  });

  it("tell a code of the wrong length from one of the right length that names no workshop", () => {
    for (const typed of ["HUM", "K7XMQPP", "", "k7x mq"]) expect(isWrongLengthForJoinCode(typed), typed).toBe(true);
    // Six characters, look-alikes included: the length is right, so the code is only unknown.
    for (const typed of ["k7x-mqp", "ZZZZZZ", "qqqqqq"]) expect(isWrongLengthForJoinCode(typed), typed).toBe(false);
  });
});
