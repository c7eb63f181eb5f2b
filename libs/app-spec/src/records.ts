/** True for a plain map (what YAML/JSON maps parse to), not a list or null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries of a map with their values typed as unknown. */
export function entriesOf(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value);
}
