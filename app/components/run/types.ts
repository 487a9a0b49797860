import type { Result } from "../../domain/result";
import type { ClientEvent } from "../../realtime/events";

/** Sends one command over the workshop's socket and resolves with the service's answer. */
export type Send = (event: ClientEvent, payload: unknown) => Promise<Result<unknown>>;
