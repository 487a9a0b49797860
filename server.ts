/**
 * The composition root: the one place where things are wired together (ARCHITECTURE.md, "One
 * process, one port"). Routes and socket handlers get the services from here; they never build
 * their own.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server as HttpServer, type IncomingMessage } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import proxyaddr from "proxy-addr";
import { type Env, loadEnv } from "./app/config/env.server";
import { createJoinAddresses } from "./app/config/join-address.server";
import { PROJECT_ROOT, RUNTIME_PATHS } from "./app/config/paths.server";
import { createRateLimits, RATE_LIMITS } from "./app/config/rate-limits.server";
import { openChosenDatabase } from "./app/db/open.server";
import { createEventBus } from "./app/realtime/bus.server";
import { isOriginAllowed } from "./app/realtime/origin";
import { attachRealtime } from "./app/realtime/server.server";
import { createRenderPool } from "./app/report/render-pool.server";
import { createServices } from "./app/services/index.server";
import { startRetention } from "./app/services/retention.server";
import { createSessions } from "./app/sessions.server";
import { limitBody } from "./app/utils/body-limit.server";

/** Largest request body the app accepts; forms are a few kilobytes at most. */
const MAX_BODY_BYTES = 64 * 1024;

/** The server's own lines: what failed to stderr, with its error; the rest to stdout. */
const logLine = (message: string, error?: unknown) => (error ? console.error(message, error) : console.log(message));

export async function startServer(env: Env) {
  const isProduction = env.NODE_ENV === "production";
  // Several nodes (REDIS_URL, docs/deploy.md): rooms and rate limits in Redis; imported only then.
  // First, so that a Redis out of reach stops the start before anything is opened.
  const redisUrl = env.REDIS_URL;
  const redis = redisUrl ? await import("./app/config/redis.server").then((m) => m.connectRedis(redisUrl, logLine)) : null;
  const database = await openChosenDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH }, { checkpoint: true });
  const bus = createEventBus();
  const services = createServices({ db: database.db, publish: bus.publish, secret: env.SESSION_SECRET });
  const sessions = createSessions({ secret: env.SESSION_SECRET, store: services.facilitators });
  const reports = createRenderPool({ workerUrl: pathToFileURL(RUNTIME_PATHS.reportWorker) });

  const app = express();
  const httpServer: HttpServer = createServer(app);
  // The public address phones use is an origin of ours, for forms and sockets alike.
  const allowedOrigins = [...env.ALLOWED_ORIGINS, ...(env.PUBLIC_URL ? [env.PUBLIC_URL] : [])];
  const joinAddresses = createJoinAddresses({ publicUrl: env.PUBLIC_URL, listenHost: env.HOST });
  const limits = createRateLimits(
    { ...RATE_LIMITS, handshake: { ...RATE_LIMITS.handshake, points: env.HANDSHAKES_PER_MINUTE } },
    { redis: redis?.rateLimits },
  );
  const realtime = attachRealtime(httpServer, {
    services,
    sessions,
    allowedOrigins,
    trustProxy: env.TRUST_PROXY !== false,
    limits,
    clientAddress: (req) => clientAddress(req),
    adapter: redis?.adapter,
  });
  bus.subscribe(realtime.publisher);
  // Retention (docs/privacy.md): closed workshops' personal data is erased when due — now, then hourly.
  const stopRetention = startRetention((now) => services.privacy.applyRetention(now), { log: logLine });

  app.disable("x-powered-by");
  // X-Forwarded-* are believed only as far as TRUST_PROXY says; req.ip is then the client's address.
  app.set("trust proxy", env.TRUST_PROXY);
  const clientAddress = (req: IncomingMessage) => proxyaddr(req, app.get("trust proxy fn"));
  app.use(compression());

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      // Served over plain http on venue networks too: never force https on subresources.
      contentSecurityPolicy: isProduction
        ? {
            useDefaults: true,
            directives: {
              "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
              "style-src": ["'self'", "'unsafe-inline'"],
              "img-src": ["'self'", "data:"],
              "connect-src": ["'self'"],
              "upgrade-insecure-requests": null,
            },
          }
        : false,
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: false,
      // Not helmet's "no-referrer": under it a browser posts a plain HTML form (a phone whose
      // scripts have not arrived) with `Origin: null`, which the Origin check below refuses.
      // "same-origin" sends our own origin to ourselves and nothing to other sites.
      referrerPolicy: { policy: "same-origin" },
    }),
  );

  // Addresses the app never makes are the sender's mistake, answered with a plain 400 here:
  // - percent-escapes that are not UTF-8 (/%c0%ae, /%ED%A0%80), which otherwise throw a URIError
  //   in Express's router, logged with its stack each time;
  // - `?_data=`, Remix's data requests from before Single Fetch (this app's client asks `.data`
  //   URLs): Remix logs a warning for each, and throws (a 500) when the loader returns null.
  app.use((req: Request, res: Response, next: NextFunction) => {
    try {
      decodeURIComponent(req.path);
    } catch {
      res.status(400).type("text/plain").send("This address could not be read.");
      return;
    }
    const query = req.originalUrl.indexOf("?");
    if (query >= 0 && new URLSearchParams(req.originalUrl.slice(query + 1)).has("_data")) {
      res.status(400).type("text/plain").send("Data requests use .data addresses.");
      return;
    }
    next();
  });

  // Mutating requests: SameSite cookies plus an Origin check; oversized bodies are refused up front.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (!isOriginAllowed(req.headers.origin, { host: req.headers.host, protocol: req.protocol }, allowedOrigins)) {
      res.status(403).type("text/plain").send("Cross-origin request refused.");
      return;
    }
    if (limitBody(req, res, MAX_BODY_BYTES)) next();
  });

  // Event-loop delay and memory, for the benchmark and for operators; only on loopback.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  app.get("/healthz", (req, res) => {
    const local = ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(req.socket.remoteAddress ?? "");
    if (!local || req.query.metrics === undefined) {
      res.json({ ok: true });
      return;
    }
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    res.json({
      ok: true,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: memory.rss / 2 ** 20,
      heapUsedMb: memory.heapUsed / 2 ** 20,
      eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    });
    if (req.query.metrics === "reset") loopDelay.reset();
  });

  const viteDevServer = isProduction
    ? undefined
    : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));
  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    app.use("/assets", express.static(`${PROJECT_ROOT}build/client/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(`${PROJECT_ROOT}build/client`, { maxAge: "1h" }));
  }

  const handlerOptions = {
    mode: env.NODE_ENV,
    getLoadContext: (req: Request, res: Response) => ({
      services,
      sessions,
      cspNonce: res.locals.cspNonce as string,
      renderReport: reports.render,
      joinAddresses,
      limits,
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      signup: env.SIGNUP,
    }),
  };
  if (viteDevServer) {
    app.all(
      "*",
      createRequestHandler({
        ...handlerOptions,
        build: () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      }),
    );
  } else {
    // The server listens before the Remix build is loaded (the larger part of a start): sockets —
    // a hall reconnecting after a restart — are served at once, and page requests that arrive in
    // the meantime wait for the build, which is loaded right after listening.
    let pages: ReturnType<typeof createRequestHandler> | null = null;
    let loading: Promise<void> | null = null;
    const loadPages = () => {
      loading ??= import(/* @vite-ignore */ pathToFileURL(RUNTIME_PATHS.remixBuild).href).then(
        (build: ServerBuild) => {
          pages = createRequestHandler({ ...handlerOptions, build });
        },
        (error) => {
          console.error(`The app's build (${RUNTIME_PATHS.remixBuild}) could not be loaded: run npm run build.`, error);
          throw error;
        },
      );
      return loading;
    };
    app.all("*", (req, res, next) => {
      if (pages) return pages(req, res, next);
      loadPages().then(() => pages?.(req, res, next), next);
    });
    httpServer.once("listening", () => setImmediate(loadPages));
  }

  await new Promise<void>((resolve) => httpServer.listen(env.PORT, env.HOST, resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      loopDelay.disable();
      stopRetention();
      await realtime.close(); // also closes the http server
      await redis?.close(); // after the adapter's last message
      await reports.close();
      await viteDevServer?.close();
      await database.close();
    })();
    return closing;
  };
  return { port, close, databaseName: database.name };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const server = await startServer(env).catch((error: Error) => {
    // A database or Redis out of reach: said in one line, not a stack.
    console.error(`Helix Review did not start: ${error.message}`);
    process.exit(1);
  });
  const shownHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  console.log(`Helix Review listening on http://${shownHost}:${server.port} (${env.NODE_ENV}, database ${server.databaseName})`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.log(`${signal}: closing sockets and the database…`);
      server.close().then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}
