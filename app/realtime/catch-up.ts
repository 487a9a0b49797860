import { applyEvents, type WorkshopEvent, type WorkshopState } from "../domain/workshop-state";

/**
 * How a screen keeps up with the room without ever losing an event (pure, so it is tested
 * without a network). Live events are applied in order; one that shows a gap starts a sync. While
 * a sync is in flight, live events are kept (the sync's answer may or may not cover them) and
 * applied after it — those the sync already covered change nothing (their `seq` is not newer).
 * If a gap remains after that, or the sync failed, another sync is asked for.
 */
export type Feed = {
  state: WorkshopState;
  /** A sync is in flight. */
  syncing: boolean;
  /** Live events received since the sync started, oldest first. */
  pending: WorkshopEvent[];
};

export type FeedStep = { feed: Feed; sync: boolean };

export const feedOf = (state: WorkshopState): Feed => ({ state, syncing: false, pending: [] });

/** A sync starts (on connect, or asked for by a step below). */
export const syncStarted = (feed: Feed): Feed => ({ ...feed, syncing: true });

/** A live event arrives. */
export function liveEvent(feed: Feed, event: WorkshopEvent): FeedStep {
  if (feed.syncing) return { feed: { ...feed, pending: [...feed.pending, event] }, sync: false };
  const { state, gap } = applyEvents(feed.state, [event]);
  // The event after the gap is kept: the sync may answer with less than it.
  return gap ? { feed: { state, syncing: false, pending: [event] }, sync: true } : { feed: { ...feed, state }, sync: false };
}

/**
 * A sync answered: `synced` is the state it gives (the missed events applied, or a snapshot).
 * Pending events then apply on top; a gap left means another sync.
 */
export function syncAnswered(feed: Feed, synced: WorkshopState): FeedStep {
  const { state, gap } = applyEvents(synced, feed.pending);
  if (!gap) return { feed: { state, syncing: false, pending: [] }, sync: false };
  return { feed: { state, syncing: false, pending: feed.pending.filter((e) => e.seq > state.seq) }, sync: true };
}

/** A sync was refused or timed out: what was kept stays kept, and another sync is due. */
export const syncFailed = (feed: Feed): FeedStep => ({ feed: { ...feed, syncing: false }, sync: true });
