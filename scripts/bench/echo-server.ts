// The baseline of the vote benchmark: a bare Socket.IO server on loopback that acknowledges an
// "echo" message at once. Same library, same machine, no application work: what the transport costs.
//
// With ECHO_DATABASE_PATH set, the durable echo: each message is written to a SQLite file before it
// is acknowledged — keyed by its client id (a resend is stored once), the messages arriving in one
// turn of the event loop committed together, with the server's pragmas (WAL, synchronous NORMAL).
// What "acknowledged only once on disk" costs with nothing else of the application around it.
//
// GET /healthz?metrics answers what the server's does (CPU in ms from process.cpuUsage, memory,
// event-loop lag), so that the benchmark measures both the same way, to the microsecond.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { Server } from "socket.io";

type Ack = (value: unknown) => void;
type Message = { clientId: string; contributionId: string; points: number };

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const httpServer = createServer((req, res) => {
  if (req.method !== "GET" || !req.url?.startsWith("/healthz")) {
    res.writeHead(404).end();
    return;
  }
  const cpu = process.cpuUsage();
  res.writeHead(200, { "content-type": "application/json" }).end(
    JSON.stringify({
      ok: true,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: process.memoryUsage.rss() / 2 ** 20,
      eventLoopDelayMs: { p99: loopDelay.percentile(99) / 1e6 },
    }),
  );
});
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 16 * 1024 });

const path = process.env.ECHO_DATABASE_PATH;
const store = path ? durableStore(path) : null;

io.on("connection", (socket) => {
  socket.on("echo", (payload: unknown, ack: Ack) => {
    if (store) store.queue(payload as Message, ack);
    else ack({ ok: true, data: payload });
  });
});
httpServer.listen(0, "127.0.0.1", () => {
  console.log(`echo listening on http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () =>
  io.close(() => {
    store?.close();
    process.exit(0);
  }),
);

function durableStore(file: string) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(
    "CREATE TABLE IF NOT EXISTS messages (client_id TEXT PRIMARY KEY, contribution_id TEXT NOT NULL, points INTEGER NOT NULL)",
  );
  const insert = db.prepare("INSERT INTO messages (client_id, contribution_id, points) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  const pending: { message: Message; ack: Ack }[] = [];
  const commit = db.transaction((batch: typeof pending) => {
    for (const { message } of batch) insert.run(message.clientId, message.contributionId, message.points);
  });
  const flush = () => {
    const batch = pending.splice(0);
    commit(batch);
    for (const { message, ack } of batch) ack({ ok: true, data: message });
  };
  return {
    queue(message: Message, ack: Ack) {
      if (pending.push({ message, ack }) === 1) setImmediate(flush);
    },
    close: () => db.close(),
  };
}
