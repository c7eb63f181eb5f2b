/** A timer set on a {@link Clock}; `cancel` is harmless once it has fired. */
export interface ClockTimer {
  cancel(): void;
}

/**
 * Time as the sync engine sees it: the wall clock for message stamps and one-shot timers
 * for reconnects, periodic checks and command timeouts. The agent uses {@link systemClock};
 * tests and the simulator can step time by hand.
 */
export interface Clock {
  now(): Date;
  setTimeout(callback: () => void, delayMs: number): ClockTimer;
}

/** The process's own clock and timers. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};
