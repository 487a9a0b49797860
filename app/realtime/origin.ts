/**
 * Browsers send an Origin on cross-site requests and WebSocket upgrades. A request whose Origin
 * is present must come from this host or an allowed origin; one without (same-origin GETs,
 * non-browser clients) is judged by its credentials alone.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}
