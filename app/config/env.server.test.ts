import { describe, expect, it } from "vitest";
import { databasePathFrom, loadEnv } from "./env.server";

describe("DATABASE_PATH for tools that only read the file (npm run db:backup)", () => {
  const base = { NODE_ENV: "test" as const };
  const secret = { ...base, SESSION_SECRET: "x".repeat(40) };
  it("is the path the server uses, its default included", () => {
    expect(databasePathFrom(base)).toBe(loadEnv(secret).DATABASE_PATH);
    expect(databasePathFrom({ ...base, DATABASE_PATH: "/srv/helix/review.sqlite" })).toBe(
      loadEnv({ ...secret, DATABASE_PATH: "/srv/helix/review.sqlite" }).DATABASE_PATH,
    );
  });
  it("is read without the rest of the environment, and an empty one is a clear error", () => {
    expect(databasePathFrom({ ...base, DATABASE_PATH: "db.sqlite", PUBLIC_URL: "not an origin" })).toBe("db.sqlite");
    expect(() => databasePathFrom({ ...base, DATABASE_PATH: "" })).toThrow(/Invalid environment:\n {2}DATABASE_PATH/);
  });
});

describe("REDIS_URL (several nodes, docs/deploy.md)", () => {
  const secret = { NODE_ENV: "test" as const, SESSION_SECRET: "x".repeat(40) };
  it("is off unless set; redis:// and rediss:// addresses, with a password and a database number, are taken as given", () => {
    expect(loadEnv(secret).REDIS_URL).toBeUndefined();
    expect(loadEnv({ ...secret, REDIS_URL: " " }).REDIS_URL).toBeUndefined();
    for (const url of ["redis://127.0.0.1:6379", "redis://:s3cret@redis.internal:6380/2", "rediss://user:pw@cache.example.org"])
      expect(loadEnv({ ...secret, REDIS_URL: ` ${url} ` }).REDIS_URL).toBe(url);
  });
  it("a bad one stops the start, saying why, without repeating the address (it may hold a password)", () => {
    const problems: [string, RegExp][] = [
      ["localhost:6379", /REDIS_URL must start with redis:\/\/ or rediss:\/\//],
      ["http://:hunter2@127.0.0.1:6379", /REDIS_URL must start with redis:\/\/ or rediss:\/\//],
      ["redis://", /REDIS_URL needs a host/],
      ["redis://:hunter2@127.0.0.1:6379/cache", /REDIS_URL may end with a database number only/],
      ["not an address", /REDIS_URL must be a full address/],
    ];
    for (const [url, message] of problems) {
      expect(() => loadEnv({ ...secret, REDIS_URL: url })).toThrow(message);
      expect(() => loadEnv({ ...secret, REDIS_URL: url })).not.toThrow(/hunter2/);
    }
  });
});
