import { useEffect, useRef, useState } from "react";
import { paginate } from "./stage-layout";

/** How long the stage shows one page of a long list before it turns to the next. */
export const PAGE_MS = 10_000;
/** How long a contribution that has just arrived stays highlighted. */
export const FRESH_MS = 8_000;

/**
 * A long list shown a page at a time, turning on its own every `PAGE_MS` (nobody touches the
 * projector). When something new arrives (`arrival.key` changes) the page that holds it
 * (`arrival.index` in the list) comes up, so the room sees it; a list that shrinks keeps the page
 * in range.
 */
export function usePages<T>(items: readonly T[], perPage: number, arrival?: { key: string; index: number }) {
  const pages = paginate(items, perPage);
  const count = pages.length;
  const [turned, setTurned] = useState(0);
  const arrivalPage = arrival ? Math.floor(Math.max(0, arrival.index) / Math.max(1, perPage)) : 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new arrival turns to its page.
  useEffect(() => setTurned(arrivalPage), [arrival?.key]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: every turn gives the next page its full time.
  useEffect(() => {
    if (count <= 1) return;
    const id = setTimeout(() => setTurned((n) => n + 1), PAGE_MS);
    return () => clearTimeout(id);
  }, [turned, count, arrival?.key]);
  const page = turned % count;
  return { items: pages[page], page: page + 1, count };
}

/**
 * The ids that arrived while this screen was open, for `FRESH_MS` after each arrived: what was
 * already there on the first render is not news.
 */
export function useFreshIds(ids: readonly string[]): ReadonlySet<string> {
  const known = useRef<Set<string> | null>(null);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  const key = ids.join(" ");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the ids' contents.
  useEffect(() => {
    if (!known.current) {
      known.current = new Set(ids);
      return;
    }
    const seen = known.current;
    const arrived = ids.filter((id) => !seen.has(id));
    if (arrived.length === 0) return;
    for (const id of arrived) seen.add(id);
    setFresh((previous) => new Set([...previous, ...arrived]));
    // Each arrival fades on its own clock: a later one does not keep an earlier one lit.
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFresh((previous) => new Set([...previous].filter((id) => !arrived.includes(id))));
    }, FRESH_MS);
    timers.current.add(timer);
  }, [key]);
  return fresh;
}

/**
 * F toggles full screen on the projector's computer (the Fullscreen API needs a key press or a
 * click to allow it). Returns whether the page is full screen now.
 */
export function useFullscreenKey() {
  const [fullscreen, setFullscreen] = useState(false);
  useEffect(() => {
    const onChange = () => setFullscreen(Boolean(document.fullscreenElement));
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== "f" || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
      else void document.documentElement.requestFullscreen?.().catch(() => {});
    };
    document.addEventListener("fullscreenchange", onChange);
    window.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("fullscreenchange", onChange);
      window.removeEventListener("keydown", onKey);
    };
  }, []);
  return fullscreen;
}

/** True for `ms` after the page opens and after every change of `key`: a hint that shows, then goes. */
export function useBriefly(key: unknown, ms: number) {
  const [shown, setShown] = useState(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: shows again whenever `key` changes.
  useEffect(() => {
    setShown(true);
    const id = setTimeout(() => setShown(false), ms);
    return () => clearTimeout(id);
  }, [key, ms]);
  return shown;
}
