import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import type { Db } from "../db/client.server";
import type { NoteView } from "../domain/notes";
import type { WorkshopEvent } from "../domain/workshop-state";

/**
 * How services tell the live screens. Called after a transaction commits; the realtime layer
 * implements it (tests can record calls).
 */
export type Publish = {
  /**
   * Events just appended to the workshop's log. The command answers once the returned promise
   * settles: screens get a change's events before its author gets the answer.
   */
  events: (workshopId: string, events: WorkshopEvent[]) => void | Promise<void>;
  /** The projector link was replaced: connected displays must be dropped. */
  displaysRevoked: (workshopId: string) => void;
  /**
   * A participant was removed or their personal data erased ("everyone": the whole workshop's):
   * their open sockets must be dropped, with a message their phone shows.
   */
  participantRemoved: (workshopId: string, participantId: string | "everyone") => void;
  /** The workshop was deleted: every connected screen of it (phones, projector, laptops) is told and dropped. */
  workshopDeleted: (workshopId: string) => void;
  /** Votes or the ballot changed: the realtime layer sends coalesced totals (never one message per vote). */
  votesChanged: (workshopId: string) => void;
  /** Endorsements changed: coalesced counts go to the screens, like vote totals. */
  endorsementsChanged: (workshopId: string) => void;
  /** A rapporteur note was saved: the workshop's facilitators (only they) get it at once. */
  notesChanged: (workshopId: string, note: NoteView) => void;
  /** A facilitator left the workshop's team: their open pages on it must be dropped. */
  facilitatorRemoved: (workshopId: string, facilitatorId: string) => void;
};

/** For scripts with no live screens to tell (the command line, the demo seed, benchmark set-up). */
export const silentPublish: Publish = {
  events() {},
  displaysRevoked() {},
  participantRemoved() {},
  workshopDeleted() {},
  votesChanged() {},
  endorsementsChanged() {},
  notesChanged() {},
  facilitatorRemoved() {},
};

export type Clock = () => number;

export type Random = {
  uuid: () => string;
  /** URL-safe secret of `bytes` random bytes. */
  token: (bytes?: number) => string;
  int: (max: number) => number;
};

export const cryptoRandom: Random = {
  uuid: () => randomUUID(),
  token: (bytes = 32) => randomBytes(bytes).toString("base64url"),
  int: (max) => randomInt(max),
};

/** `secret`: the server's secret, for tokens derived rather than stored (participants' join retries). */
export type ServiceDeps = { db: Db; publish: Publish; clock: Clock; random: Random; secret: string };

/** Secrets such as participant tokens are random and long, so a fast hash is the right one. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
