import { Agent, request } from "node:http";
import { HELICES, ROLES } from "../../../app/domain/helix";
import { NASTY_STRINGS, ONE_MB, type Rng } from "./random";

/** What one raw request came back with: a status, or the connection closed before any answer. */
export type HttpAnswer =
  | { status: number; headers: Record<string, string | string[] | undefined>; body: string }
  | { error: string };

export type RawRequest = { method: string; path: string; headers: Record<string, string>; body?: Buffer | string };

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * One request exactly as given (method, path spelling, headers, body): no client in between
 * normalises the path or fixes the body. `timeoutMs` without an answer counts as a hang.
 */
export function send(base: string, raw: RawRequest, timeoutMs = 15_000): Promise<HttpAnswer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: HttpAnswer) => {
      if (done) return;
      done = true;
      resolve(answer);
    };
    const headers: Record<string, string | number> = { ...raw.headers };
    if (raw.body !== undefined) headers["Content-Length"] = Buffer.byteLength(raw.body);
    const req = request({ host: url.hostname, port: url.port, path: raw.path, method: raw.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", () =>
        finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.setTimeout(timeoutMs, () => {
      finish({ error: "timeout" });
      req.destroy();
    });
    req.on("error", (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
    if (raw.body !== undefined) req.end(raw.body);
    else req.end();
  });
}

/** The cookie pairs (`name=value`) a response sets. */
export function setCookies(answer: HttpAnswer): string[] {
  if ("error" in answer) return [];
  const raw = answer.headers["set-cookie"];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map((c) => c.split(";")[0]);
}

/** Percent-encoding that does not throw on a lone surrogate: it is sent as the bytes of one (not UTF-8). */
export function pct(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ""))}%ED%A0%80`;
  }
}

export const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

/** What the HTTP fuzz knows of the server: one facilitator's session, its workshop, a joined phone. */
export type HttpTargets = {
  base: string;
  facilitatorCookie: () => string;
  participantCookie: string;
  workshopId: string;
  joinCode: string;
  displayToken: string;
  /** Another facilitator's workshop: every write to it must be refused. */
  foreignWorkshopId: string;
  /** An account whose email the login fuzz may hammer (never the fuzzing facilitator's). */
  victimEmail: string;
};

type Route = {
  path: (rng: Rng) => string;
  fields: (rng: Rng) => Record<string, string | string[]>;
  cookie: "facilitator" | "participant";
};

const spelled = (rng: Rng, path: string) =>
  rng.weighted<string>([
    [10, path],
    [1, `${path}.data`],
    [1, path.replace(/^\/(.)/, (_, ch: string) => `/%${ch.charCodeAt(0).toString(16).toUpperCase()}`)],
    [1, path.toUpperCase()],
    [1, `${path}/`],
    [1, `/${path}`],
    [1, `${path}?index`],
    [1, `${path}?_data=routes%2F${path.split("/")[1] ?? ""}`],
    [1, `${path};jsessionid=x`],
    [1, `${path}?${"q=%ZZ&".repeat(rng.between(1, 50))}`],
    [1, `/workshops/..%2F..${path}`],
  ]);

/** Every form action of the app, with the fields its forms send. */
function routes(t: HttpTargets): Route[] {
  const helix = (rng: Rng) => rng.pick(HELICES);
  const role = (rng: Rng) => rng.pick(ROLES);
  const workshop = (rng: Rng) =>
    rng.chance(0.8) ? t.workshopId : rng.pick([t.foreignWorkshopId, "nope", "%00", "x".repeat(300)]);
  return [
    {
      path: () => "/login",
      cookie: "participant",
      fields: (rng) => ({
        email: rng.chance(0.5) ? t.victimEmail : `fuzz-${rng.token(6)}@example.org`,
        password: rng.token(12),
        redirectTo: rng.pick(["/workshops", "//evil.example", "https://evil.example", "/\\evil", ""]),
      }),
    },
    {
      path: () => "/signup",
      cookie: "participant",
      fields: (rng) => ({
        name: "Fuzz",
        email: `fuzz-${rng.token(10)}@example.org`,
        password: rng.token(rng.pick([4, 12, 201])),
      }),
    },
    {
      path: () => "/language",
      cookie: "participant",
      fields: (rng) => ({ language: rng.pick(["en", "hu", "de", ""]), workshopId: t.workshopId }),
    },
    {
      path: () => "/logout",
      cookie: "facilitator",
      fields: (rng): Record<string, string> => (rng.chance(0.5) ? { everywhere: "1" } : {}),
    },
    {
      path: () => `/j/${t.joinCode}`,
      cookie: "participant",
      fields: (rng) => ({
        displayName: "Fuzz phone",
        helix: helix(rng),
        role: role(rng),
        organisation: "Org",
        country: "HU",
        language: "en",
        joinKey: rng.token(20),
      }),
    },
    {
      path: () => "/workshops/new",
      cookie: "facilitator",
      fields: (rng) => ({
        title: "Fuzzed workshop",
        hostOrganisation: "Host",
        theme: "Theme",
        venue: "Venue",
        startsOn: "2025-03-01",
        endsOn: rng.pick(["2025-03-02", "2025-02-01", "2025-02-30"]),
        anonymity: rng.pick(["anonymous", "named"]),
        roles: [role(rng), role(rng)],
      }),
    },
    {
      path: (rng) => `/workshops/${workshop(rng)}`,
      cookie: "facilitator",
      fields: (rng) =>
        rng.weighted<Record<string, string>>([
          [3, { intent: "setStatus", status: rng.pick(["draft", "live", "closed"]) }],
          [2, { status: rng.pick(["draft", "live", "closed"]) }],
          [1, { intent: "rotateDisplay" }],
          [2, { intent: "joinAddress", origin: rng.pick([t.base, "http://evil.example", "javascript:alert(1)"]) }],
          [1, { intent: rng.pick(NASTY_STRINGS) }],
        ]),
    },
    {
      path: () => `/workshops/${t.foreignWorkshopId}`,
      cookie: "facilitator",
      fields: (rng) =>
        rng.pick<Record<string, string>>([
          { intent: "rotateDisplay" },
          { status: "closed" },
          { intent: "setStatus", status: "draft" },
        ]),
    },
  ];
}

const GET_PATHS = (t: HttpTargets, rng: Rng) =>
  rng.weighted<string>([
    [2, "/"],
    [2, `/join?code=${pct(rng.pick([t.joinCode, t.joinCode.toLowerCase(), "ZZZZZZ", ...NASTY_STRINGS]))}`],
    [2, `/j/${pct(rng.pick([t.joinCode, ...NASTY_STRINGS.slice(0, 10)]))}`],
    [2, `/display/${rng.pick([t.displayToken, "nope", "%00", "x".repeat(200)])}`],
    [2, "/workshops"],
    [2, `/workshops/${rng.pick([t.workshopId, t.foreignWorkshopId, "nope", "%2e%2e"])}`],
    [1, `/workshops/${t.workshopId}/report/${rng.pick(["json", "csv", "nope", "..%2Fjson", ""])}`],
    [1, `/healthz?metrics=${rng.pick(["", "reset", "x"])}`],
    [1, "/login?redirectTo=%2F%2Fevil.example"],
    [1, `/${pct(rng.pick(NASTY_STRINGS))}`],
    [1, "/assets/../../server.ts"],
    [1, "/%c0%ae%c0%ae/etc/passwd"],
    [1, "/socket.io/?EIO=4&transport=polling"],
    [1, `/socket.io/?EIO=${rng.pick(["3", "5", "x"])}&transport=${rng.pick(["polling", "websocket", "nope"])}`],
  ]);

/** A field value: the form's own, or a nasty one. */
function fieldValue(rng: Rng, original: string): string {
  return rng.weighted<string>([
    [5, original],
    [4, rng.pick(NASTY_STRINGS)],
    [1, "v".repeat(rng.pick([100, 5000, 30_000]))],
  ]);
}

function mutateFields(rng: Rng, fields: Record<string, string | string[]>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (rng.chance(0.1)) continue; // missing
    for (const one of Array.isArray(v) ? v : [v]) {
      pairs.push([k, fieldValue(rng, one)]);
      if (rng.chance(0.1)) pairs.push([k, fieldValue(rng, one)]); // duplicated
    }
  }
  if (rng.chance(0.2))
    pairs.push([rng.pick(["__proto__", "constructor", "prototype", "", "a[b]", "intent", "_data"]), rng.pick(NASTY_STRINGS)]);
  return pairs;
}

const urlencoded = (pairs: [string, string][]) => pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join("&");

function multipart(rng: Rng, pairs: [string, string][]): { type: string; body: string } {
  const boundary = `----fuzz${rng.token(12)}`;
  const parts = pairs.map(([k, v]) =>
    rng.chance(0.1)
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${rng.pick(["a.txt", "../../x", "\u0000.png"])}"\r\nContent-Type: application/octet-stream\r\n\r\n${v}\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const body = `${parts.join("")}--${boundary}--\r\n`;
  return rng.weighted<{ type: string; body: string }>([
    [6, { type: `multipart/form-data; boundary=${boundary}`, body }],
    [1, { type: "multipart/form-data", body }],
    [1, { type: `multipart/form-data; boundary=${boundary}x`, body }],
    [
      1,
      { type: `multipart/form-data; boundary=${boundary}`, body: body.slice(0, Math.max(0, body.length - rng.between(1, 40))) },
    ],
    [1, { type: `multipart/form-data; boundary="${"b".repeat(200)}"`, body: `--${"b".repeat(200)}\r\n\r\n` }],
    [
      1,
      {
        type: `multipart/form-data; boundary=${boundary}`,
        body: `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${boundary}--`,
      },
    ],
  ]);
}

/** The body of a request in one of the ways a client may send one (or not send one). */
function body(rng: Rng, pairs: [string, string][]): { type?: string; body?: string | Buffer } {
  return rng.weighted<() => { type?: string; body?: string | Buffer }>([
    [8, () => ({ type: "application/x-www-form-urlencoded", body: urlencoded(pairs) })],
    [4, () => multipart(rng, pairs)],
    [1, () => ({ type: "application/x-www-form-urlencoded; charset=utf-16", body: urlencoded(pairs) })],
    [
      1,
      () => ({
        type: "application/x-www-form-urlencoded",
        body: rng.pick(["%", "%E0%A4%A", "a=%ZZ&&&==&", "=&=", "&".repeat(5000)]),
      }),
    ],
    [2, () => ({ type: "application/json", body: JSON.stringify(Object.fromEntries(pairs)) })],
    [1, () => ({ type: "application/json", body: '{"__proto__":{"admin":true}' })],
    [1, () => ({ type: "text/plain", body: urlencoded(pairs) })],
    [1, () => ({ body: urlencoded(pairs) })],
    [1, () => ({})],
    [1, () => ({ type: "application/x-www-form-urlencoded" })],
    [1, () => ({ type: "application/octet-stream", body: Buffer.from(rng.token(64)) })],
    [
      1,
      () => ({
        type: rng.pick(["", ";", "multipart/", "x/y; boundary", 'application/x-www-form-urlencoded;;charset="']),
        body: urlencoded(pairs),
      }),
    ],
  ])();
}

export type HttpCase = RawRequest & {
  label: string;
  /** The body is over the server's 64 KiB, or the request line and headers near Node's 16 KiB: the connection may be closed. */
  oversized: boolean;
  endsSession: boolean;
};

/** Node reads at most 16 KiB of request line and headers (431 beyond, or the connection closed). */
const HEADER_LIMIT = 16 * 1024;
const headBytes = (path: string, headers: Record<string, string>) =>
  Buffer.byteLength(path) + Object.entries(headers).reduce((sum, [k, v]) => sum + k.length + Buffer.byteLength(v) + 4, 64);

/** One fuzzed request: a form action (any method, spelling, body, cookie) or a page. */
export function httpCase(rng: Rng, t: HttpTargets): HttpCase {
  const headers: Record<string, string> = {
    // Each request says it comes from one of many addresses behind the proxy (the server trusts one hop).
    "X-Forwarded-For": rng.chance(0.95)
      ? `10.${rng.int(4)}.${rng.int(256)}.${rng.int(256)}`
      : rng.pick(["", " ", "unknown", "1.2.3.4, 5.6.7.8", "::1", "256.256.256.256", "x".repeat(3000), "%00", ",,,", "[::1]:80"]),
  };
  const origin = rng.weighted<string | null>([
    [18, t.base],
    [1, "https://evil.example"],
    [1, null],
  ]);
  if (origin) headers.Origin = origin;
  if (rng.chance(0.05)) headers["Accept-Language"] = rng.pick(["hu", "*", "x".repeat(2000), "en;q=NaN"]);

  if (rng.chance(0.3)) {
    const path = GET_PATHS(t, rng);
    const cookie = rng.pick([t.facilitatorCookie(), t.participantCookie, "", "hr_session=garbage", `hr_p_${t.workshopId}=%ZZ`]);
    if (cookie) headers.Cookie = cookie;
    const method = rng.weighted<string>([
      [8, "GET"],
      [1, "HEAD"],
      [1, "OPTIONS"],
    ]);
    const oversized = headBytes(path, headers) > HEADER_LIMIT - 512;
    return { method, path, headers, label: `${method} ${path}`, oversized, endsSession: false };
  }

  const route = rng.pick(routes(t));
  const cookie = rng.weighted<string>([
    [6, route.cookie === "facilitator" ? t.facilitatorCookie() : t.participantCookie],
    [1, `${t.facilitatorCookie()}; ${t.participantCookie}`],
    [1, ""],
    [1, rng.pick(["hr_session=garbage", `hr_p_${t.workshopId}=x; hr_p_=y; hr_p_%00=z`, `hr_session=${"c".repeat(6000)}`])],
  ]);
  if (cookie) headers.Cookie = cookie;
  const pairs = mutateFields(rng, route.fields(rng));
  const huge = rng.chance(0.02);
  const made = huge
    ? { type: "application/x-www-form-urlencoded", body: `${urlencoded(pairs)}&big=${ONE_MB}` }
    : body(rng, pairs);
  if (made.type !== undefined) headers["Content-Type"] = made.type;
  const method = rng.weighted<string>([
    [14, "POST"],
    [1, "PUT"],
    [1, "PATCH"],
    [1, "DELETE"],
    [1, "GET"],
  ]);
  const routePath = route.path(rng);
  const path = spelled(rng, routePath);
  const size = made.body === undefined ? 0 : Buffer.byteLength(made.body);
  return {
    method,
    path,
    headers,
    body: made.body,
    label: `${method} ${path} [${made.type ?? "no type"}, ${size} bytes]`,
    oversized: size > 64 * 1024 || headBytes(path, headers) > HEADER_LIMIT - 512,
    endsSession: cookie.includes(t.facilitatorCookie()) && /^\/(logout|login|signup)$/.test(routePath),
  };
}
