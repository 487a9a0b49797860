import { deferred } from "../utils/deferred";

/**
 * Facilitator-written markdown (the theme), rendered by ./markdown-view. The markdown parser is
 * its own chunk: the server renders the text in full and the browser fetches the parser after the
 * page is usable, not before.
 */
export const Markdown = deferred<{ children: string }>(() => import("./markdown-view").then((m) => m.default));
