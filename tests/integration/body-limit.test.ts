import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { limitBody } from "../../app/utils/body-limit.server";

/** A bare server that reads whole bodies behind the limit, as the Remix handler would. */
async function serve(maxBytes: number) {
  const server: Server = createServer(async (req, res) => {
    if (!limitBody(req, res, maxBytes)) return;
    let bytes = 0;
    try {
      for await (const chunk of req) bytes += (chunk as Buffer).length;
    } catch {
      return;
    }
    if (!res.headersSent) res.end(`read ${bytes}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Sends `total` bytes in chunks with no Content-Length (chunked), as fast as the socket takes them. */
function sendChunked(port: number, total: number, declared?: number) {
  return new Promise<{ status: number; body: string }>((resolve) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: "POST", path: "/language", headers: declared ? { "Content-Length": declared } : {} },
      (res) => {
        let body = "";
        res.on("data", (c) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", () => resolve({ status: -1, body: "" }));
    const chunk = Buffer.alloc(16 * 1024, 97);
    let sent = 0;
    const write = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

let open: Server | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

describe("the request body limit", () => {
  it("lets a body under the limit through, unchanged", async () => {
    const { server, port } = await serve(64 * 1024);
    open = server;
    expect(await sendChunked(port, 48 * 1024)).toEqual({ status: 200, body: `read ${48 * 1024}` });
  });

  it("stops a chunked body at the limit: 413, and the server never holds more than the limit", async () => {
    const { server, port } = await serve(64 * 1024);
    open = server;
    const before = process.memoryUsage().rss;
    const answer = await sendChunked(port, 20 * 1024 * 1024);
    expect(answer.status === 413 || answer.status === -1).toBe(true);
    if (answer.status === 413) expect(answer.body).toBe("Request body too large.");
    // 20 MB were offered; far less was taken in (the connection was closed).
    expect(process.memoryUsage().rss - before).toBeLessThan(15 * 1024 * 1024);
  });

  it("refuses a declared length over the limit before reading anything", async () => {
    const { server, port } = await serve(1024);
    open = server;
    const answer = await sendChunked(port, 2048, 2048);
    expect(answer.status === 413 || answer.status === -1).toBe(true);
  });
});
