import { describe, expect, it } from "vitest";
import { absentHelices, countByHelix, countByRole, HELICES, HELIX_COLORS, ROLES } from "./helix";

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe("helices and roles", () => {
  it("are the four helices of the quadruple helix and three roles, in the house order", () => {
    expect(HELICES).toEqual(["government", "academia", "business", "community"]);
    expect(ROLES).toEqual(["local_stakeholder", "international_peer", "observer"]);
  });

  it("have distinct colours that carry white text at AA contrast", () => {
    const colours = HELICES.map((h) => HELIX_COLORS[h]);
    expect(new Set(colours).size).toBe(4);
    for (const colour of colours) expect(1.05 / (luminance(colour) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });

  it("count a room by helix and by role, with zeros for nobody", () => {
    const room = [
      { helix: "business", role: "local_stakeholder" },
      { helix: "business", role: "international_peer" },
      { helix: "community", role: "local_stakeholder" },
    ] as const;
    expect(countByHelix(room)).toEqual({ government: 0, academia: 0, business: 2, community: 1 });
    expect(countByRole(room)).toEqual({ local_stakeholder: 2, international_peer: 1, observer: 0 });
  });

  it("name the helices nobody speaks for, only among those the workshop expects", () => {
    const counts = { government: 0, academia: 3, business: 2, community: 0 };
    expect(absentHelices(counts)).toEqual(["government", "community"]);
    expect(absentHelices(counts, ["academia", "business", "community"])).toEqual(["community"]);
    expect(absentHelices({ government: 1, academia: 1, business: 1, community: 1 })).toEqual([]);
  });
});
