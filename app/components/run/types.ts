/** Sends one command over the workshop's socket and resolves with the service's answer. */
export type { Send } from "../../realtime/protocol";
