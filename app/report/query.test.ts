import { describe, expect, it } from "vitest";
import { parseReportQuery } from "./query";

describe("the report download's ?lang=", () => {
  it("takes a report language, English when none is asked", () => {
    expect(parseReportQuery("http://x/workshops/w/report/pdf?lang=lt")).toMatchObject({ success: true, data: { lang: "lt" } });
    expect(parseReportQuery("http://x/workshops/w/report/pdf")).toMatchObject({ success: true, data: { lang: "en" } });
  });

  it("refuses anything else (the route answers 400)", () => {
    for (const bad of ["?lang=de", "?lang=", "?lang=EN", "?lang=hu&lang=sl", "?lang=%3Cscript%3E"])
      expect(parseReportQuery(`http://x/workshops/w/report/pdf${bad}`).success, bad).toBe(false);
  });
});
