// Timing helpers for the benchmark: warm-up, repeated rounds, and robust summaries (the machine is shared,
// so every figure is a median of several rounds rather than one run).

/** The p-th percentile (0–100) of a list of numbers, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/**
 * Runs `fn` a few times to warm the JIT, then `rounds` times, and returns each round's milliseconds.
 * Rounds are kept short so that a noisy neighbour spoils one round rather than the figure.
 */
export function timeRounds(fn: () => void, { warmup = 3, rounds = 9 } = {}): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return times;
}

/** Like `timeRounds`, for asynchronous work. */
export async function timeRoundsAsync(fn: () => Promise<void>, { warmup = 1, rounds = 5 } = {}): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Times several variants interleaved round by round (a, b, c, a, b, c, …), so that a burst of load on the
 * shared machine hits every variant alike, and returns the median (or the fastest) milliseconds of each.
 */
export function compareInterleaved(
  variants: Record<string, () => void>,
  { warmup = 3, rounds = 9, statistic = 'median' as 'median' | 'min' } = {},
): Record<string, number> {
  const names = Object.keys(variants);
  for (let i = 0; i < warmup; i++) for (const name of names) variants[name]();
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < rounds; i++) {
    for (const name of names) {
      const started = performance.now();
      variants[name]();
      times[name].push(performance.now() - started);
    }
  }
  return Object.fromEntries(names.map((n) => [n, statistic === 'min' ? Math.min(...times[n]) : median(times[n])]));
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
