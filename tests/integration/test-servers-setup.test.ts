import { describe, expect, it } from "vitest";
import { fakeMachine as anyMachine, CANNOT_INSTALL, OS_RELEASE } from "../support/fake-machine";
import { startPostgres } from "../support/postgres";
import { startRedis } from "../support/redis";
import { ensureTestServers, HOW_TO_INSTALL_POSTGRES, HOW_TO_INSTALL_REDIS } from "../support/test-servers.mjs";

/**
 * What `npm test` does about PostgreSQL and Redis on a fresh machine, and on one that has them: the
 * machine (files, PATH, OS, user, commands) is a fake that records what would be run.
 */
const { debian: DEBIAN, ubuntu: UBUNTU, fedora: FEDORA } = OS_RELEASE;
const PG15 = ["initdb", "pg_ctl", "postgres"].map((name) => `/usr/lib/postgresql/15/bin/${name}`);

const fakeMachine = ({ path, ...given }: Parameters<typeof anyMachine>[0] & { path?: string }) =>
  anyMachine(
    { ...given, env: { PATH: path ?? "/usr/local/bin:/usr/bin:/bin" } },
    { postgresql: PG15, "redis-server": ["/usr/bin/redis-server"] },
  );

describe("npm test's PostgreSQL and Redis on a fresh machine", () => {
  it("uses the programs that are there and installs nothing: PATH first, else Debian's newest PostgreSQL", () => {
    const debian = fakeMachine({
      files: [
        ...PG15,
        "/usr/lib/postgresql/13/bin/initdb",
        "/usr/lib/postgresql/13/bin/pg_ctl",
        "/usr/lib/postgresql/13/bin/postgres",
        "/usr/bin/redis-server",
      ],
      osRelease: DEBIAN,
      root: true,
    });
    expect(ensureTestServers(debian.machine)).toEqual({
      postgres: { bin: "/usr/lib/postgresql/15/bin" },
      redis: { path: "/usr/bin/redis-server" },
    });
    expect(debian.commands).toEqual([]);

    const onPath = fakeMachine({
      files: [...PG15, "/opt/pg/bin/initdb", "/opt/pg/bin/pg_ctl", "/opt/pg/bin/postgres", "/opt/redis/redis-server"],
      path: "/opt/pg/bin:/opt/redis:/usr/bin",
    });
    expect(ensureTestServers(onPath.machine)).toEqual({
      postgres: { bin: "/opt/pg/bin" },
      redis: { path: "/opt/redis/redis-server" },
    });
    expect(onPath.commands).toEqual([]);
  });

  it("on Debian as root with neither, installs both packages in one apt-get run, says so, and uses them", () => {
    const { machine, commands, lines } = fakeMachine({ osRelease: DEBIAN, root: true });
    expect(ensureTestServers(machine)).toEqual({
      postgres: { bin: "/usr/lib/postgresql/15/bin" },
      redis: { path: "/usr/bin/redis-server" },
    });
    expect(commands).toEqual(["apt-get update -qq", "apt-get install -y -qq postgresql redis-server"]);
    expect(lines.join("\n")).toMatch(
      /No PostgreSQL or Redis found.*installing the distribution's postgresql and redis-server packages/,
    );
  });

  it("installs only what is missing: Redis where PostgreSQL is there, through sudo on Ubuntu", () => {
    const { machine, commands, lines } = fakeMachine({ files: PG15, osRelease: UBUNTU, sudo: true });
    expect(ensureTestServers(machine)).toEqual({
      postgres: { bin: "/usr/lib/postgresql/15/bin" },
      redis: { path: "/usr/bin/redis-server" },
    });
    expect(commands).toEqual([
      "sudo -n true",
      "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
      "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server",
    ]);
    expect(lines.join("\n")).toMatch(/No Redis found/);
  });

  it("where it cannot install (another system, no sudo, apt-get failing), says how to, for each that is missing", () => {
    for (const { given, ran } of CANNOT_INSTALL) {
      const { machine, commands } = fakeMachine(given);
      expect(ensureTestServers(machine)).toEqual({
        postgres: { error: HOW_TO_INSTALL_POSTGRES },
        redis: { error: HOW_TO_INSTALL_REDIS },
      });
      expect(commands).toEqual(ran);
    }
    const onlyRedis = fakeMachine({ files: PG15, osRelease: FEDORA });
    expect(ensureTestServers(onlyRedis.machine)).toEqual({
      postgres: { bin: "/usr/lib/postgresql/15/bin" },
      redis: { error: HOW_TO_INSTALL_REDIS },
    });
    expect(HOW_TO_INSTALL_POSTGRES).toContain("sudo apt-get install postgresql");
    expect(HOW_TO_INSTALL_REDIS).toContain("sudo apt-get install redis-server");
  });

  it("a test that needs PostgreSQL or Redis where neither can be had fails, saying how to install it", async () => {
    const { machine } = fakeMachine({ osRelease: FEDORA });
    await expect(startPostgres({ machine })).rejects.toThrow(HOW_TO_INSTALL_POSTGRES);
    await expect(startRedis({ machine })).rejects.toThrow(HOW_TO_INSTALL_REDIS);
  });
});
