import { useIsomorphicEffect } from "@mantine/hooks";
import { type RefObject, useEffect, useRef, useState } from "react";
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

/** The most lines a card's title shows, however tall the card (the stage's clamps go to 4). */
export const MAX_TITLE_LINES = 4;

/**
 * How many whole lines of `title` fit in `card` beside the card's other children — a card's height
 * is its grid row's, not its content's. Measured after each render and whenever the card is
 * resized; `fallback` until then (the server's render, the first paint). A few cards on a wall
 * with room to spare show their whole titles; a crowded one still shows at least one line.
 */
export function useFitLines(
  card: RefObject<HTMLElement | null>,
  title: RefObject<HTMLElement | null>,
  fallback: number,
  enabled: boolean,
): number {
  const [lines, setLines] = useState(fallback);
  const measure = useRef(() => {});
  // After every render (the title, the byline or a merged line may have changed): cheap, a few reads.
  useIsomorphicEffect(() => {
    measure.current = () => {
      const box = card.current;
      const text = title.current;
      if (!enabled || !box || !text) return;
      const style = getComputedStyle(box);
      const inner = box.clientHeight - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom);
      const others = [...box.children].filter((child) => child !== text);
      const gap = Number.parseFloat(style.rowGap) || 0;
      const taken = others.reduce((sum, child) => sum + child.getBoundingClientRect().height + gap, 0);
      const lineHeight = Number.parseFloat(getComputedStyle(text).lineHeight);
      // A card not laid out (hidden, no height) keeps what it had.
      if (!(lineHeight > 0) || !(inner > 0)) return;
      // A hair of tolerance: sizes in rem land on fractions of a pixel.
      setLines(Math.max(1, Math.min(MAX_TITLE_LINES, Math.floor((inner - taken + 0.5) / lineHeight))));
    };
    measure.current();
  });
  // And whenever the card is resized (the window, a pinned item above the wall): one observer per card.
  useEffect(() => {
    const box = card.current;
    if (!enabled || !box) return;
    const observer = new ResizeObserver(() => measure.current());
    observer.observe(box);
    return () => observer.disconnect();
  }, [card, enabled]);
  return enabled ? lines : fallback;
}
