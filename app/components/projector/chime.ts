import { useEffect, useRef } from "react";
import { type Timer, timerEndToChime } from "../../domain/agenda";

type AudioContextClass = typeof AudioContext;

const audioContextClass = (): AudioContextClass | undefined =>
  typeof window === "undefined"
    ? undefined
    : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext);

/**
 * A short two-note chime, synthesised with the Web Audio API (no audio file). Browsers allow sound
 * only after a gesture on the page: the context is made (or resumed) on the projector's first click
 * or key press; before that, or where audio is not allowed, the chime is silently skipped.
 */
function makeChime() {
  let context: AudioContext | null = null;
  return {
    /** Called on a user gesture: the only moment a browser lets a page start audio. */
    unlock() {
      try {
        const Make = audioContextClass();
        if (!Make) return;
        context ??= new Make();
        if (context.state === "suspended") void context.resume().catch(() => {});
      } catch {
        context = null;
      }
    },
    play() {
      try {
        if (context?.state !== "running") return;
        const start = context.currentTime;
        for (const [i, frequency] of [880, 1318.5].entries()) {
          const at = start + i * 0.22;
          const tone = context.createOscillator();
          const gain = context.createGain();
          tone.type = "sine";
          tone.frequency.value = frequency;
          gain.gain.setValueAtTime(0.0001, at);
          gain.gain.exponentialRampToValueAtTime(0.35, at + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.9);
          tone.connect(gain).connect(context.destination);
          tone.start(at);
          tone.stop(at + 0.95);
        }
      } catch {
        // Audio refused or unavailable: the screen still says the time is up.
      }
    },
  };
}

/** Plays the chime once when the current step's timer reaches zero, only while `enabled`. */
export function useTimerChime(timer: Timer | null, clockOffset: number, enabled: boolean) {
  const chime = useRef<ReturnType<typeof makeChime> | null>(null);
  const chimedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    chime.current ??= makeChime();
    const unlock = () => chime.current?.unlock();
    window.addEventListener("pointerdown", unlock);
    window.addEventListener("keydown", unlock);
    return () => {
      window.removeEventListener("pointerdown", unlock);
      window.removeEventListener("keydown", unlock);
    };
  }, [enabled]);
  useEffect(() => {
    if (!enabled || !timer?.endsAt) return;
    const check = () => {
      const end = timerEndToChime(timer, Date.now() + clockOffset, chimedFor.current);
      if (end === null) return;
      chimedFor.current = end;
      chime.current?.play();
    };
    check();
    const id = setInterval(check, 250);
    return () => clearInterval(id);
  }, [enabled, timer, clockOffset]);
}
