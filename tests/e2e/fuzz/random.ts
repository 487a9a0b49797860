import type { z } from "zod";

/**
 * The fuzz's source of randomness: mulberry32, seeded, so a failing run is replayed with the seed
 * it printed (FUZZ_SEED). The socket and HTTP streams each get their own generator, so running
 * them side by side does not interleave their draws.
 */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** Picks by weight: `[[3, "a"], [1, "b"]]` gives "a" three times as often. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [w, value] of choices) {
      roll -= w;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1][1];
  }
  /** A fresh id-like string (what a client's clientId looks like). */
  token(length = 16): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

/** FUZZ_SEED as a 32-bit seed: a number, or any text hashed (FNV-1a). */
export function seedFrom(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  if (/^\d+$/.test(value)) return Number(value) >>> 0;
  let hash = 0x811c9dc5;
  for (const ch of value) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash;
}

/** One megabyte of text: far over every limit (a socket frame, a request body, a field). */
export const ONE_MB = "a".repeat(1024 * 1024);

/** Strings that have broken parsers, normalisers, databases and renderers before. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  "   \t  ",
  "\u0000",
  "a\u0000b",
  "\u202Egnp.exe\u202C",
  "\u2066isolate\u2069",
  "\u200F\u200E\u061C",
  "\uD800",
  "\uDFFF",
  "a\uD83Db",
  "👩‍👩‍👧‍👦🧬🇭🇺",
  "مرحبا بالعالم",
  "שלום עולם",
  `e${"\u0301".repeat(300)}`,
  "\u200B\u200C\u200D\uFEFF",
  "line\r\nbreak\rcarriage\nnew",
  "<script>alert(1)</script>",
  "'; DROP TABLE contributions; --",
  '" OR 1=1 --',
  "%00%ZZ%",
  "../../../etc/passwd",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose.
  "${process.exit(1)}",
  "{{constructor.constructor('return process')()}}",
  "1e309",
  "NaN",
  "-0",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "x".repeat(65),
  "x".repeat(161),
  "y".repeat(1001),
  "z".repeat(5001),
  "ä".repeat(3000),
  "2025-02-30",
  "9999-99-99",
  "null",
  "undefined",
  "[object Object]",
];

export const NASTY_NUMBERS: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  0.5,
  1.5,
  51,
  101,
  201,
  3601,
  -3601,
  8 * 3600 + 1,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e308,
];

/** An object whose own keys are the prototype keys (JSON.parse makes them own properties too). */
export const prototypeKeys = (): Record<string, unknown> =>
  JSON.parse('{"__proto__": {"polluted": true, "ok": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1}');

/** Arrays (or objects) nested `depth` deep. */
export function nested(depth: number, asObject: boolean): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}

/** A value of any type, mostly wrong for whatever field it lands in. */
export function nastyValue(rng: Rng, options: { huge?: boolean; binary?: boolean } = {}): unknown {
  const kind = rng.int(16);
  switch (kind) {
    case 0:
    case 1:
    case 2:
      return rng.pick(NASTY_STRINGS);
    case 3:
    case 4:
      return rng.pick(NASTY_NUMBERS);
    case 5:
      return rng.pick([null, undefined, true, false]);
    case 6:
      return rng.pick([[], {}, [1, 2, 3], { a: 1 }, [null], [[]], [""], ["a", 1, null]]);
    case 7:
      return prototypeKeys();
    case 8:
      return nested(rng.pick([10, 100, 1000]), rng.chance(0.5));
    case 9:
      return options.huge ? ONE_MB : "h".repeat(rng.between(2000, 9000));
    case 10:
      return options.binary ? Buffer.from(rng.token(rng.between(1, 64))) : rng.token(8);
    case 11:
      return String(rng.pick(NASTY_NUMBERS));
    case 12:
      return rng.between(-1_000_000, 1_000_000);
    case 13:
      return new Date(rng.pick([0, 8.64e15, -8.64e15]));
    case 14:
      return Array.from({ length: rng.pick([0, 1, 201, 1000]) }, (_, i) => `id-${i}`);
    default:
      return { nested: { deeper: [rng.pick(NASTY_STRINGS), rng.pick(NASTY_NUMBERS)] } };
  }
}

/** Ids the generator may use: real ones (so a payload reaches the rules, not only the schema). */
export type IdPool = { steps: string[]; contributions: string[]; recommendations: string[] };

const ID_KEYS: Record<string, keyof IdPool> = {
  stepId: "steps",
  afterStepId: "steps",
  contributionId: "contributions",
  challengeId: "contributions",
  solutionId: "contributions",
  sourceId: "contributions",
  targetId: "contributions",
  ids: "contributions",
  challengeIds: "contributions",
  linkedIds: "contributions",
  recommendationId: "recommendations",
};

const WORDS = ["clinic", "data", "rural", "access", "funding", "trust", "nurses", "pilot", "region", "skills", "🧬", "ő", "ű"];

type Def = {
  typeName: string;
  [key: string]: unknown;
};
const defOf = (schema: z.ZodTypeAny) => schema._def as Def;

/**
 * A payload the schema accepts, built by walking the zod schema itself, so every message of the
 * protocol gets a well-formed payload without a hand-written template that could drift. String
 * fields named like ids get real ids of the workshop (mostly).
 */
export function validFor(schema: z.ZodTypeAny, rng: Rng, ids: IdPool, key = ""): unknown {
  const def = defOf(schema);
  switch (def.typeName) {
    case "ZodObject": {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      const out: Record<string, unknown> = {};
      for (const [k, field] of Object.entries(shape)) {
        const value = validFor(field, rng, ids, k);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case "ZodString": {
      const checks = (def.checks as { kind: string; value?: number }[]) ?? [];
      const min = checks.find((c) => c.kind === "min")?.value ?? 0;
      const max = checks.find((c) => c.kind === "max")?.value ?? 200;
      if (checks.some((c) => c.kind === "email")) return `fuzz-${rng.token(8)}@example.org`;
      const pool = ID_KEYS[key];
      if (pool && ids[pool].length > 0 && rng.chance(0.85)) return rng.pick(ids[pool]);
      if (key === "clientId" || pool) return `fz-${rng.token(rng.between(Math.max(5, min - 3), 20))}`;
      return sentence(rng, Math.max(min, 1), Math.min(max, 60));
    }
    case "ZodNumber": {
      const checks = (def.checks as { kind: string; value?: number }[]) ?? [];
      const min = checks.find((c) => c.kind === "min")?.value ?? 0;
      const max = checks.find((c) => c.kind === "max")?.value ?? 100;
      return rng.between(Math.ceil(min), Math.floor(Math.min(max, min + 60)));
    }
    case "ZodBoolean":
      return rng.chance(0.5);
    case "ZodEnum":
      return rng.pick(def.values as string[]);
    case "ZodLiteral":
      return def.value;
    case "ZodDiscriminatedUnion":
    case "ZodUnion":
      return validFor(rng.pick(def.options as z.ZodTypeAny[]), rng, ids, key);
    case "ZodArray": {
      const min = (def.minLength as { value: number } | null)?.value ?? 0;
      const max = Math.min((def.maxLength as { value: number } | null)?.value ?? 4, min + 4);
      return Array.from({ length: rng.between(min, max) }, () => validFor(def.type as z.ZodTypeAny, rng, ids, key));
    }
    case "ZodNullable":
      return rng.chance(0.15) ? null : validFor(def.innerType as z.ZodTypeAny, rng, ids, key);
    case "ZodOptional":
      return rng.chance(0.2) ? undefined : validFor(def.innerType as z.ZodTypeAny, rng, ids, key);
    case "ZodDefault":
      return rng.chance(0.3) ? undefined : validFor(def.innerType as z.ZodTypeAny, rng, ids, key);
    case "ZodEffects":
      return validFor(def.schema as z.ZodTypeAny, rng, ids, key);
    case "ZodPipeline": {
      // A normalised text: the bounds are on the output side of the pipe.
      const out = def.out as z.ZodTypeAny;
      return validFor(defOf(out).typeName === "ZodString" ? out : (def.in as z.ZodTypeAny), rng, ids, key);
    }
    case "ZodLazy":
      return validFor((def.getter as () => z.ZodTypeAny)(), rng, ids, key);
    default:
      return undefined;
  }
}

function sentence(rng: Rng, min: number, max: number): string {
  let out = rng.pick(WORDS);
  while (out.length < min || (out.length < max - 8 && rng.chance(0.5))) out += ` ${rng.pick(WORDS)}`;
  return out.slice(0, max);
}

/** The paths (as key lists) of every value inside `value`, the root included. */
function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = [], depth = 0): string[][] {
  out.push(prefix);
  if (depth < 6 && value && typeof value === "object" && !Buffer.isBuffer(value))
    for (const k of Object.keys(value)) pathsOf((value as Record<string, unknown>)[k], [...prefix, k], out, depth + 1);
  return out;
}

function setAt(root: unknown, path: string[], next: unknown | typeof REMOVE): unknown {
  if (path.length === 0) return next === REMOVE ? undefined : next;
  let node = root as Record<string, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (next === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else Object.defineProperty(node, last, { value: next, enumerable: true, writable: true, configurable: true });
  return root;
}
const REMOVE = Symbol("remove");

/**
 * A well-formed payload, then one to three mutations: a field replaced by a wrong value, removed,
 * an extra field (prototype keys included), or the whole payload swapped for a non-object.
 */
export function mutate(payload: unknown, rng: Rng, options: { huge?: boolean; binary?: boolean } = {}): unknown {
  let value = structuredCloneSafe(payload);
  const rounds = rng.between(1, 3);
  for (let i = 0; i < rounds; i++) {
    const paths = pathsOf(value);
    const path = rng.pick(paths);
    const op = rng.int(10);
    if (op <= 4) value = setAt(value, path, nastyValue(rng, options));
    else if (op <= 6 && path.length > 0) value = setAt(value, path, REMOVE);
    else if (op === 7 && value && typeof value === "object") {
      const extra = rng.pick(["__proto__", "constructor", "prototype", "toString", "extra", "valueOf", "🧬", ""]);
      value = setAt(value, [extra], nastyValue(rng, options));
    } else if (op === 8) value = rng.pick([[value], [value, value], JSON.stringify(value) ?? "", null, 0, true]);
    else value = setAt(value, path, typeof value === "string" ? `${value}${rng.pick(NASTY_STRINGS)}` : rng.pick(NASTY_STRINGS));
  }
  return value;
}

function structuredCloneSafe(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value));
}

/** What the server receives after Socket.IO's JSON encoding (NaN and Infinity become null, -0 becomes 0). */
export function asReceived(value: unknown): unknown {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  return json === undefined ? undefined : JSON.parse(json);
}
