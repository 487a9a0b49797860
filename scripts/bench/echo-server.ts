// The baseline of the vote benchmark: a bare Socket.IO server on loopback that acknowledges an
// "echo" message at once. Same library, same machine, no application work: what the transport costs.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 16 * 1024 });
io.on("connection", (socket) => {
  socket.on("echo", (payload: unknown, ack: (value: unknown) => void) => ack({ ok: true, data: payload }));
});
httpServer.listen(0, "127.0.0.1", () => {
  console.log(`echo listening on http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => io.close(() => process.exit(0)));
