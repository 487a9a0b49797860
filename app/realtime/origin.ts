import type { IncomingHttpHeaders } from "node:http";

/**
 * Browsers send an Origin on cross-site requests and WebSocket upgrades. A request whose Origin
 * is present must come from this very origin — scheme, host and port — or an allowed one; one
 * without (same-origin GETs, non-browser clients) is judged by its credentials alone.
 * `protocol` is how the request reached us ("http" or "https"; behind a trusted proxy, what it says).
 */
export function isOriginAllowed(
  origin: string | undefined,
  request: { host: string | undefined; protocol: string },
  allowed: readonly string[],
): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  if (!request.host) return false;
  try {
    return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}

/** How a raw request reached us: TLS on the socket, or (behind a trusted proxy) X-Forwarded-Proto. */
export function requestProtocol(req: { headers: IncomingHttpHeaders; socket: object }, trustProxy: boolean): "http" | "https" {
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  if (trustProxy && (first === "https" || first === "http")) return first;
  return "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
}
