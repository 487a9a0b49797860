import { networkInterfaces } from "node:os";

/**
 * Where phones join: the address behind the QR code and "Join at". A facilitator who opened the app
 * on `localhost` must not show the room a QR for `localhost` — no phone can reach it.
 *
 * - `PUBLIC_URL` set (a deployment): always that.
 * - Opened through a name or address phones can reach: that one.
 * - Opened on a loopback address: the machine's LAN addresses (when the server listens on all
 *   interfaces), the first one chosen unless the facilitator picked another; the loopback address
 *   stays listed, marked as reachable from this computer only.
 */
export type JoinAddressOption = { origin: string; kind: "public" | "this" | "lan" | "loopback" };
export type JoinAddresses = {
  /** The origin the QR and the links use. */
  chosen: string;
  options: JoinAddressOption[];
  /** False when the only address is a loopback one: phones cannot join yet. */
  reachable: boolean;
};

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The machine's external IPv4 addresses (what phones on the venue Wi-Fi reach). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i && i.family === "IPv4" && !i.internal ? [i.address] : []));
}

export function createJoinAddresses(options: {
  publicUrl?: string;
  /** The address the server listens on: LAN addresses are offered only if it listens on all of them. */
  listenHost: string;
  lan?: () => string[];
}) {
  const listensEverywhere = options.listenHost === "0.0.0.0" || options.listenHost === "::";
  const lan = options.lan ?? lanAddresses;
  return function joinAddresses(requestUrl: string, preferred?: string | null): JoinAddresses {
    if (options.publicUrl)
      return { chosen: options.publicUrl, options: [{ origin: options.publicUrl, kind: "public" }], reachable: true };
    const url = new URL(requestUrl);
    if (!LOOPBACK_HOST.test(url.hostname))
      return { chosen: url.origin, options: [{ origin: url.origin, kind: "this" }], reachable: true };
    const port = url.port ? `:${url.port}` : "";
    const found: JoinAddressOption[] = listensEverywhere
      ? lan().map((ip) => ({ origin: `${url.protocol}//${ip}${port}`, kind: "lan" as const }))
      : [];
    const all = [...found, { origin: url.origin, kind: "loopback" as const }];
    // Only an address offered here may be chosen: a cookie cannot point the room's QR elsewhere.
    const chosen = all.find((o) => o.origin === preferred)?.origin ?? all[0].origin;
    return { chosen, options: all, reachable: chosen !== url.origin };
  };
}

export type JoinAddressesOf = ReturnType<typeof createJoinAddresses>;
