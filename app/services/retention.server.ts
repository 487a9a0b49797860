/** How often the retention setting is applied (docs/privacy.md): erasure is due by the day, an hour is early enough. */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * Runs the retention job now and then every `everyMs`: a failure is logged, never thrown (the
 * next run tries again), and the timer never keeps the process alive. Returns `stop`.
 */
export function startRetention(
  applyRetention: (now: number) => string[] | Promise<string[]>,
  options: { everyMs?: number; clock?: () => number; log?: (message: string, error?: unknown) => void } = {},
) {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const clock = options.clock ?? Date.now;
  const tick = async () => {
    try {
      const erased = await applyRetention(clock());
      if (erased.length) log(`retention: erased the personal data of ${erased.length} closed workshop(s)`);
    } catch (error) {
      log("retention: applying the retention setting failed", error);
    }
  };
  void tick();
  const timer = setInterval(tick, options.everyMs ?? RETENTION_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
