import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A request body limit that counts bytes as they arrive — chunked bodies too, which carry no
 * Content-Length — and stops the request at the limit: a 413, and the connection closed, so a
 * client cannot make the server buffer more than `maxBytes` whatever it sends. It counts without
 * reading: whoever reads the body later (the Remix handler) gets it unchanged.
 */
export function limitBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) {
    refuse(req, res);
    return false;
  }
  let received = 0;
  let refused = false;
  const push = req.push.bind(req);
  // Node's HTTP parser hands every chunk of the body to `push`; counting there sees each byte once.
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (refused) return false;
    if (chunk !== null && chunk !== undefined) {
      received += Buffer.isBuffer(chunk) ? chunk.length : Buffer.byteLength(String(chunk), encoding);
      if (received > maxBytes) {
        refused = true;
        refuse(req, res);
        return false;
      }
    }
    return push(chunk, encoding);
  };
  return true;
}

function refuse(req: IncomingMessage, res: ServerResponse) {
  // Whatever is still on its way is not read: the answer goes out, then the connection.
  req.socket?.pause();
  const close = () => req.socket?.destroy();
  if (res.headersSent) return close();
  res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
  res.end("Request body too large.", close);
}
