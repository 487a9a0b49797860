import { describe, expect, it } from "vitest";
import { PHONE_TALLY_INTERVAL_MS, PHONE_TALLY_MAX_INTERVAL_MS, phoneTallyInterval } from "./phone-tallies";

describe("how often the phones get new totals", () => {
  it("once a second up to 2,000 phones; then as often as 2,000 writes a second allow; never more than 10 s apart", () => {
    expect(phoneTallyInterval(0)).toBe(PHONE_TALLY_INTERVAL_MS);
    expect(phoneTallyInterval(300)).toBe(1000);
    expect(phoneTallyInterval(2000)).toBe(1000);
    expect(phoneTallyInterval(5000)).toBe(2500);
    expect(phoneTallyInterval(10_000)).toBe(5000);
    expect(phoneTallyInterval(100_000)).toBe(PHONE_TALLY_MAX_INTERVAL_MS);
  });

  it("a longer floor (a test server's own) holds for small rooms", () => {
    expect(phoneTallyInterval(10, 3000)).toBe(3000);
    expect(phoneTallyInterval(10_000, 3000)).toBe(5000);
  });
});
