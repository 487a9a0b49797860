import { describe, expect, it } from "vitest";
import {
  anonymityOptions,
  canChangeAnonymity,
  deleteConfirmed,
  filterWorkshops,
  retentionSchema,
  settingsRefusal,
} from "./workshop-life";

describe("anonymity after creation", () => {
  it("goes either way before anyone joined", () => {
    expect(canChangeAnonymity("named", "anonymous", false)).toBe(true);
    expect(canChangeAnonymity("anonymous", "named", false)).toBe(true);
    expect(anonymityOptions("anonymous", false)).toEqual(["named", "anonymous"]);
  });

  it("once someone joined, only towards more anonymous: a named room may become anonymous, never back", () => {
    expect(canChangeAnonymity("named", "anonymous", true)).toBe(true);
    expect(canChangeAnonymity("anonymous", "named", true)).toBe(false);
    expect(canChangeAnonymity("anonymous", "anonymous", true)).toBe(true);
    expect(anonymityOptions("anonymous", true)).toEqual(["anonymous"]);
    expect(anonymityOptions("named", true)).toEqual(["named", "anonymous"]);
  });
});

describe("settings that cannot replace the current ones", () => {
  const inUse = { hasParticipants: true, helices: new Set(["community"] as const), roles: new Set(["observer"] as const) };
  const next = { anonymity: "anonymous" as const, helices: ["community" as const], roles: ["observer" as const] };

  it("a helix or a role someone joined with stays; the reason names it", () => {
    expect(settingsRefusal({ anonymity: "anonymous" }, { ...next, helices: ["academia"] }, inUse)?.error.reason).toEqual({
      key: "lifeHelixInUse",
      values: { helix: "community" },
    });
    expect(settingsRefusal({ anonymity: "anonymous" }, { ...next, roles: ["local_stakeholder"] }, inUse)?.error.reason?.key).toBe(
      "lifeRoleInUse",
    );
    expect(settingsRefusal({ anonymity: "named" }, { ...next, anonymity: "anonymous" }, inUse)).toBeNull();
    expect(settingsRefusal({ anonymity: "anonymous" }, { ...next, anonymity: "named" }, inUse)?.error.reason?.key).toBe(
      "lifeAnonymityOnlyMore",
    );
  });
});

describe("retention", () => {
  it("is kept, or a whole number of days from 0 to 3650", () => {
    expect(["keep", "", "0", "365", "3650", 30].map((v) => retentionSchema.safeParse(v).data)).toEqual([
      null,
      null,
      0,
      365,
      3650,
      30,
    ]);
    expect(["3651", "-1", "1.5", "soon", 4000].map((v) => retentionSchema.safeParse(v).success)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("deleting needs the title typed", () => {
  it("exactly, spaces around it aside", () => {
    expect(deleteConfirmed("Budapest peer review", " Budapest peer review ")).toBe(true);
    expect(deleteConfirmed("Budapest peer review", "budapest peer review")).toBe(false);
    expect(deleteConfirmed("Budapest peer review", "")).toBe(false);
  });
});

describe("my workshops: search and filter", () => {
  const list = [
    {
      title: "Pécs peer review",
      hostOrganisation: "Pannon Cluster",
      venue: "Zsolnay Quarter",
      status: "closed" as const,
      archived: false,
    },
    { title: "Budapest 2025", hostOrganisation: "MediKlaszter", venue: "Budapest", status: "closed" as const, archived: true },
    { title: "Budapest 2026", hostOrganisation: "MediKlaszter", venue: null, status: "draft" as const, archived: false },
    { title: "Vilnius", hostOrganisation: "Sunrise Valley", venue: "Vilnius", status: "live" as const, archived: false },
  ];
  const titles = (search: string, filter: Parameters<typeof filterWorkshops>[2]) =>
    filterWorkshops(list, search, filter).map((w) => w.title);

  it("hides archived workshops unless asked, and filters by status", () => {
    expect(titles("", "active")).toEqual(["Pécs peer review", "Budapest 2026", "Vilnius"]);
    expect(titles("", "archived")).toEqual(["Budapest 2025"]);
    expect(titles("", "closed")).toEqual(["Pécs peer review"]);
    expect(titles("", "all")).toHaveLength(4);
  });

  it("finds every word in the title, host or venue, without case or accents", () => {
    expect(titles("pecs", "active")).toEqual(["Pécs peer review"]);
    expect(titles("mediklaszter", "all")).toEqual(["Budapest 2025", "Budapest 2026"]);
    expect(titles("zsolnay pannon", "active")).toEqual(["Pécs peer review"]);
    expect(titles("nowhere", "all")).toEqual([]);
  });
});
