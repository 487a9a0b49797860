import { describe, expect, it } from "vitest";
import { loadEnv } from "./env.server";
import { createJoinAddresses } from "./join-address.server";

const venueWifi = () => ["192.168.1.23", "10.0.0.5"];

describe("where phones join", () => {
  it("is PUBLIC_URL whenever it is set, whatever the facilitator opened", () => {
    const join = createJoinAddresses({ publicUrl: "https://review.example.org", listenHost: "0.0.0.0", lan: venueWifi });
    expect(join("http://localhost:3000/workshops/w1")).toEqual({
      chosen: "https://review.example.org",
      options: [{ origin: "https://review.example.org", kind: "public" }],
      reachable: true,
    });
  });

  it("is the address the facilitator opened when phones can reach it", () => {
    const join = createJoinAddresses({ listenHost: "0.0.0.0", lan: venueWifi });
    expect(join("http://192.168.1.23:3000/workshops/w1").chosen).toBe("http://192.168.1.23:3000");
    expect(join("https://review.local/workshops/w1").options).toEqual([{ origin: "https://review.local", kind: "this" }]);
  });

  it("on localhost, offers the machine's network addresses with the same port, the first chosen", () => {
    const join = createJoinAddresses({ listenHost: "0.0.0.0", lan: venueWifi });
    for (const opened of ["http://localhost:3000/x", "http://127.0.0.1:3000/x", "http://[::1]:3000/x"]) {
      const found = join(opened);
      expect(found.chosen).toBe("http://192.168.1.23:3000");
      expect(found.options.map((o) => o.kind)).toEqual(["lan", "lan", "loopback"]);
      expect(found.reachable).toBe(true);
    }
  });

  it("keeps the facilitator's choice among the offered addresses, and ignores anything else", () => {
    const join = createJoinAddresses({ listenHost: "0.0.0.0", lan: venueWifi });
    expect(join("http://localhost:3000/x", "http://10.0.0.5:3000").chosen).toBe("http://10.0.0.5:3000");
    expect(join("http://localhost:3000/x", "https://evil.example").chosen).toBe("http://192.168.1.23:3000");
    // Choosing this computer's own address is allowed, and said to be out of the phones' reach.
    expect(join("http://localhost:3000/x", "http://localhost:3000")).toMatchObject({
      chosen: "http://localhost:3000",
      reachable: false,
    });
  });

  it("says phones cannot join when the server listens on loopback only, or the machine has no network", () => {
    expect(createJoinAddresses({ listenHost: "127.0.0.1", lan: venueWifi })("http://127.0.0.1:4000/x")).toEqual({
      chosen: "http://127.0.0.1:4000",
      options: [{ origin: "http://127.0.0.1:4000", kind: "loopback" }],
      reachable: false,
    });
    expect(createJoinAddresses({ listenHost: "0.0.0.0", lan: () => [] })("http://localhost:3000/x").reachable).toBe(false);
  });
});

describe("PUBLIC_URL in the environment", () => {
  const base = { NODE_ENV: "test" as const, DATABASE_PATH: ":memory:", SESSION_SECRET: "x".repeat(40) };
  it("is an origin, normalised", () => {
    expect(loadEnv({ ...base, PUBLIC_URL: "https://Review.Example.org/" }).PUBLIC_URL).toBe("https://review.example.org");
    expect(loadEnv({ ...base, PUBLIC_URL: "" }).PUBLIC_URL).toBeUndefined();
    expect(loadEnv(base).PUBLIC_URL).toBeUndefined();
  });
  it("stops the server with a clear message when it is not one", () => {
    expect(() => loadEnv({ ...base, PUBLIC_URL: "review.example.org" })).toThrow(/PUBLIC_URL/);
    expect(() => loadEnv({ ...base, PUBLIC_URL: "https://review.example.org/app" })).toThrow(/no path/);
    expect(() => loadEnv({ ...base, PUBLIC_URL: "ftp://review.example.org" })).toThrow(/http/);
  });
});
