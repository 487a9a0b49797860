/**
 * A machine for the paths `npm test` takes to provide what the tests need (tests/support/machine.mjs):
 * files, environment, OS and user as given; commands recorded, not run. `installs` says which files
 * a package puts on the machine when apt-get installs it.
 */
export function fakeMachine(
  given: {
    files?: string[];
    env?: Record<string, string>;
    osRelease?: string;
    root?: boolean;
    sudo?: boolean;
    aptFails?: boolean;
    bundled?: string;
  },
  installs: Record<string, string[]>,
) {
  const files = new Set(given.files ?? []);
  const commands: string[] = [];
  const lines: string[] = [];
  const machine = {
    env: given.env ?? {},
    exists: (path: string) => files.has(path),
    listDir: (folder: string) => [
      ...new Set([...files].filter((f) => f.startsWith(`${folder}/`)).map((f) => f.slice(folder.length + 1).split("/")[0])),
    ],
    bundled: () => given.bundled,
    osRelease: () => given.osRelease ?? "",
    isRoot: () => given.root ?? false,
    run: (command: string, args: string[]) => {
      const line = [command, ...args].join(" ");
      commands.push(line);
      if (line === "sudo -n true") return given.sudo ? 0 : 1;
      if (given.aptFails) return 100;
      const installing = args.includes("install") ? args.slice(args.indexOf("install") + 1) : [];
      for (const [name, put] of Object.entries(installs)) if (installing.includes(name)) for (const file of put) files.add(file);
      return 0;
    },
    log: (line: string) => lines.push(line),
  };
  return { machine, commands, lines };
}

export const OS_RELEASE = {
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
  ubuntu: "NAME=Ubuntu\nID=ubuntu\nID_LIKE=debian\n",
  fedora: "NAME=Fedora Linux\nID=fedora\n",
};

/** Machines where nothing can be installed (another system, no sudo, apt-get failing), and what is run on each. */
export const CANNOT_INSTALL = [
  { given: { osRelease: OS_RELEASE.fedora, root: true }, ran: [] },
  { given: { osRelease: OS_RELEASE.debian, sudo: false }, ran: ["sudo -n true"] },
  { given: { osRelease: OS_RELEASE.debian, root: true, aptFails: true }, ran: ["apt-get update -qq"] },
];
