/** Who is asking. Transports authenticate and build the actor; every service checks permission itself. */
export type Actor =
  | { kind: "facilitator"; facilitatorId: string }
  | { kind: "participant"; participantId: string; workshopId: string }
  | { kind: "display"; workshopId: string }
  | { kind: "system" }
  | { kind: "anonymous" };

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "facilitator":
      return `facilitator:${actor.facilitatorId}`;
    case "participant":
      return `participant:${actor.participantId}`;
    case "display":
      return `display:${actor.workshopId}`;
    default:
      return actor.kind;
  }
}
