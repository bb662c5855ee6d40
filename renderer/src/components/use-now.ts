import { useCallback, useEffect, useState } from 'react';

/**
 * The current time (ms), updated every `intervalMs`, for words that change with it
 * ("ends in 3 minutes").
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface Countdown {
  /** Whole seconds left; 0 when none is running. */
  secondsLeft: number;
  start: (seconds: number) => void;
  stop: () => void;
}

/** A countdown in whole seconds (e.g. from a `Retry-After`), ticking while it runs. */
export function useCountdown(): Countdown {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);

  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setSecondsLeft(left);
      if (left === 0) {
        clearInterval(timer);
        setDeadline(null);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);

  const start = useCallback((seconds: number) => {
    const whole = Math.max(0, Math.ceil(seconds));
    setSecondsLeft(whole);
    setDeadline(whole > 0 ? Date.now() + whole * 1000 : null);
  }, []);
  const stop = useCallback(() => {
    setSecondsLeft(0);
    setDeadline(null);
  }, []);

  return { secondsLeft, start, stop };
}
