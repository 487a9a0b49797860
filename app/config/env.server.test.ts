import { describe, expect, it } from "vitest";
import { databaseFrom, databasePathFrom, loadEnv } from "./env.server";

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

describe("DATABASE_URL (PostgreSQL, docs/postgres.md)", () => {
  const secret = { NODE_ENV: "test" as const, SESSION_SECRET: "x".repeat(40) };
  it("is off unless set (the SQLite file); postgres:// and postgresql:// addresses are taken as given", () => {
    expect(loadEnv(secret).DATABASE_URL).toBeUndefined();
    expect(loadEnv({ ...secret, DATABASE_URL: " " }).DATABASE_URL).toBeUndefined();
    for (const url of ["postgres://helix:pw@127.0.0.1:5432/helix", "postgresql://db.internal/helix_review?sslmode=require"])
      expect(loadEnv({ ...secret, DATABASE_URL: ` ${url} ` }).DATABASE_URL).toBe(url);
  });
  it("a bad one stops the start, saying why, without repeating the address (it may hold a password)", () => {
    const problems: [string, RegExp][] = [
      ["mysql://helix:hunter2@127.0.0.1/helix", /DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
      ["postgres://helix:hunter2@127.0.0.1:5432", /DATABASE_URL needs a database name/],
      ["postgres://", /DATABASE_URL needs a host/],
      ["./data/helix.sqlite", /DATABASE_URL must be a full address/],
    ];
    for (const [url, message] of problems) {
      expect(() => loadEnv({ ...secret, DATABASE_URL: url })).toThrow(message);
      expect(() => loadEnv({ ...secret, DATABASE_URL: url })).not.toThrow(/hunter2/);
      expect(() => databaseFrom({ ...secret, DATABASE_URL: url })).toThrow(message);
    }
  });
  it("needs SESSION_SECRET: every node signs cookies with the same one, and there is no file to keep one beside", () => {
    expect(() => loadEnv({ NODE_ENV: "test", DATABASE_URL: "postgres://127.0.0.1/helix" })).toThrow(
      /SESSION_SECRET: must be set with DATABASE_URL/,
    );
  });
  it("the command-line tools read it without the rest of the environment", () => {
    const base = { NODE_ENV: "test" as const };
    expect(databaseFrom({ ...base, DATABASE_URL: "postgres://127.0.0.1/helix", PUBLIC_URL: "not an origin" })).toEqual({
      url: "postgres://127.0.0.1/helix",
      path: databasePathFrom(base),
    });
    expect(databaseFrom({ ...base, DATABASE_PATH: "db.sqlite" })).toEqual({ url: undefined, path: "db.sqlite" });
  });
});
