import { describe, expect, it } from "vitest";
import { isOriginAllowed, requestProtocol } from "./origin";

describe("the Origin check", () => {
  const here = { host: "review.local:3000", protocol: "http" };
  it("takes the same origin, an allowed one, and requests without an Origin", () => {
    expect(isOriginAllowed("http://review.local:3000", here, [])).toBe(true);
    expect(isOriginAllowed("https://review.example.org", here, ["https://review.example.org"])).toBe(true);
    expect(isOriginAllowed(undefined, here, [])).toBe(true);
  });
  it("compares the scheme and the port too, not only the host", () => {
    expect(isOriginAllowed("https://review.local:3000", here, [])).toBe(false);
    expect(isOriginAllowed("http://review.local:3001", here, [])).toBe(false);
    expect(isOriginAllowed("http://evil.example", here, [])).toBe(false);
    expect(isOriginAllowed("null", here, [])).toBe(false);
    expect(isOriginAllowed("https://review.local", { host: "review.local", protocol: "https" }, [])).toBe(true);
  });
  it("believes X-Forwarded-Proto only behind a trusted proxy", () => {
    const req = { headers: { "x-forwarded-proto": "https" }, socket: {} };
    expect(requestProtocol(req, true)).toBe("https");
    expect(requestProtocol(req, false)).toBe("http");
    expect(requestProtocol({ headers: {}, socket: { encrypted: true } }, false)).toBe("https");
  });
});
