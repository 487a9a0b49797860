import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * One node loads nothing of Redis (the start-up budget, `npm run bench:start`): the Redis client
 * and Socket.IO's adapter are imported at run time, by app/config/redis.server.ts only, which
 * server.ts imports only when REDIS_URL is set; the server's bundle leaves both out.
 */
const root = join(__dirname, "../..");
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
const REDIS_PACKAGES = /["'](ioredis|@socket\.io\/redis-streams-adapter)["']/;

describe("Redis is loaded only with REDIS_URL", () => {
  it("no module of the app imports the Redis client or the adapter statically; redis.server.ts imports them at run time", () => {
    const staticImports = [...sources(join(root, "app")), join(root, "server.ts")].flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/^import (?!type )[^;]*? from ("[^"]+");/gms)]
        .filter((m) => REDIS_PACKAGES.test(m[1]) || m[1] === '"./app/config/redis.server"')
        .map((m) => `${relative(root, file)} imports ${m[1]}`),
    );
    expect(staticImports).toEqual([]);
    const redisModule = readFileSync(join(root, "app/config/redis.server.ts"), "utf8");
    expect(redisModule).toContain('import("ioredis")');
    expect(redisModule).toContain('import("@socket.io/redis-streams-adapter")');
    expect(readFileSync(join(root, "server.ts"), "utf8")).toMatch(
      /env\.REDIS_URL[\s\S]{0,200}import\("\.\/app\/config\/redis\.server"\)/,
    );
  });

  it("the server's bundle leaves them out: they stay in node_modules, read only when imported", () => {
    // `npm test` builds first (scripts/test.mjs); alone, run `npm run build` before this test.
    const bundle = readFileSync(join(root, "build/server.js"), "utf8");
    expect(bundle).toContain('import("ioredis")');
    expect(bundle).toContain('import("@socket.io/redis-streams-adapter")');
    // Nothing of either package's own code is in it.
    expect(bundle).not.toMatch(/node_modules\/(ioredis|@socket\.io\/redis-streams-adapter|@msgpack)\//);
  });
});
