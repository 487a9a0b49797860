import type { Publish } from "../services/deps.server";

/**
 * Services publish before the realtime server exists (it needs the services to be built first);
 * the bus forwards to whoever subscribes. Subscribers must not throw into a service's call.
 */
export function createEventBus() {
  const subscribers = new Set<Publish>();
  const publish: Publish = {
    events: async (workshopId, events) => {
      await Promise.all([...subscribers].map((s) => s.events(workshopId, events)));
    },
    displaysRevoked: (workshopId) => {
      for (const s of subscribers) s.displaysRevoked(workshopId);
    },
    participantRemoved: (workshopId, participantId) => {
      for (const s of subscribers) s.participantRemoved(workshopId, participantId);
    },
    workshopDeleted: (workshopId) => {
      for (const s of subscribers) s.workshopDeleted(workshopId);
    },
    votesChanged: (workshopId) => {
      for (const s of subscribers) s.votesChanged(workshopId);
    },
    endorsementsChanged: (workshopId) => {
      for (const s of subscribers) s.endorsementsChanged(workshopId);
    },
    notesChanged: (workshopId, note) => {
      for (const s of subscribers) s.notesChanged(workshopId, note);
    },
    facilitatorRemoved: (workshopId, facilitatorId) => {
      for (const s of subscribers) s.facilitatorRemoved(workshopId, facilitatorId);
    },
  };
  return {
    publish,
    subscribe(subscriber: Publish) {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
  };
}
