/**
 * A clock whose sleeps take no time: `sleep` moves `now` forward and records the wait, so a
 * retry test can ride out a 70-second outage in milliseconds and check every wait it chose.
 */
import type { Clock } from '../src/http/retry.js';

export interface FakeClock extends Clock {
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function fakeClock({ start = Date.UTC(2026, 10, 21, 12), random = 0.5 } = {}): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => random,
    advance: (ms) => void (now += ms),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    }
  };
}
