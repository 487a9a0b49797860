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
