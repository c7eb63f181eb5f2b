/*
 * Axis ticks at round numbers of the unit the axis is read in (MiB or GiB for memory,
 * CPUs for CPU), instead of the chart's even divisions of the raw byte count
 * ("858 MiB", "429 MiB").
 */

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const STEPS = [1, 2, 2.5, 5, 10] as const;

/** A round step (1, 2, 2.5 or 5 times a power of ten) that covers `span` in about `count` steps. */
export function niceStep(span: number, count = 4): number {
  if (span <= 0) return 1;
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  return (STEPS.find((step) => step * power >= rough) ?? 10) * power;
}

/** Ticks from 0 up to at least `peak`, each a round amount of `unit`. */
export function ticksFor(peak: number, unit: number): number[] {
  const step = niceStep(peak / unit);
  const top = Math.max(step, Math.ceil(peak / unit / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(Number((value * unit).toFixed(0)));
  return ticks;
}

/** The unit memory axes are read in: GiB from 1 GiB up, else MiB. */
export const memoryUnit = (peak: number): number => (peak >= GIB ? GIB : MIB);

/** CPU axes are read in whole CPUs (1e9 nano-CPUs). */
export const CPU_UNIT = 1e9;

const MINUTE = 60_000;
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720].map((minutes) => minutes * MINUTE);

/**
 * Time ticks at whole multiples of a round step (5 min, 15 min, 1 h…) inside the window,
 * about `count` of them, so every range reads the same way whatever data it holds.
 */
export function timeTicks([from, to]: readonly [number, number], count = 6): number[] {
  const rough = (to - from) / count;
  const step = TIME_STEPS.find((candidate) => candidate >= rough) ?? TIME_STEPS.at(-1) ?? MINUTE;
  const ticks: number[] = [];
  // Multiples of the step in UTC; every zone this console is used in is offset by whole quarter hours.
  for (let tick = Math.ceil(from / step) * step; tick <= to; tick += step) ticks.push(tick);
  return ticks;
}
