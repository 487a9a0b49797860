import type { JoinAddressesOf } from "./config/join-address.server";
import type { RateLimits } from "./config/rate-limits.server";
import type { RenderReport } from "./report/render-pool.server";
import type { Services } from "./services/index.server";
import type { Sessions } from "./sessions.server";

/** What server.ts hands every loader and action (ARCHITECTURE.md: routes never build their own). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    sessions: Sessions;
    cspNonce: string;
    /** Renders a report off the event loop (a worker thread). */
    renderReport: RenderReport;
    /** Where phones join (PUBLIC_URL, this address, or the LAN address when this one is localhost). */
    joinAddresses: JoinAddressesOf;
    /** Limits on actions (login, sign-up, join…), keyed by the action, not the URL. */
    limits: RateLimits;
    /** The client's address (X-Forwarded-For believed only as far as TRUST_PROXY says). */
    clientAddress: string;
    /** Whether /signup creates accounts (SIGNUP); closed, accounts come from the command line. */
    signup: "open" | "closed";
  }
  interface Future {
    v3_singleFetch: true;
  }
}
