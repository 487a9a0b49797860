/** Wrong arguments to a command: it prints the message and its usage, and exits with 2. */
export class UsageError extends Error {}

/**
 * A command's `--name <value>` options and `--flag` switches, each given at most once; anything else
 * is a UsageError saying what is wrong. `valueName` says what a value is ("a path", "a value").
 */
export function parseOptions<V extends string, F extends string>(
  argv: string[],
  spec: { values: readonly V[]; flags: readonly F[]; valueName?: string },
): { values: Partial<Record<V, string>>; flags: Record<F, boolean> } {
  const values: Partial<Record<V, string>> = {};
  const flags = Object.fromEntries(spec.flags.map((flag) => [flag, false])) as Record<F, boolean>;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if ((spec.flags as readonly string[]).includes(arg)) {
      flags[arg as F] = true;
      continue;
    }
    if (!(spec.values as readonly string[]).includes(arg)) throw new UsageError(`Unknown argument: ${arg}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--") || value.trim() === "") {
      throw new UsageError(`${arg} needs ${spec.valueName ?? "a value"}`);
    }
    if (values[arg as V] !== undefined) throw new UsageError(`${arg} is given twice`);
    values[arg as V] = value;
    i++;
  }
  return { values, flags };
}

/** Runs a command's `main` and exits with the code it returns (1, with the error, if it throws). */
export function exitWith(main: () => Promise<number>) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
