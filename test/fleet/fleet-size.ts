/** The fleet the suite runs: 1,000 gateways, or GANTRY_FLEET_SIZE for a quick local run. */
export const FLEET_SIZE = parseFleetSize(process.env['GANTRY_FLEET_SIZE']);

function parseFleetSize(text: string | undefined): number {
  if (text === undefined || text === '') return 1_000;
  const size = Number(text);
  // At least 10: the scenarios cut off, crash and restart shares of the fleet and need some of each.
  if (!Number.isInteger(size) || size < 10 || size > 10_000) throw new Error(`GANTRY_FLEET_SIZE must be a whole number from 10 to 10000, not "${text}"`);
  return size;
}

/** A deadline that grows with the fleet: `baseMs` plus `perGatewayMs` for each gateway. */
export function scaledMs(baseMs: number, perGatewayMs: number): number {
  return baseMs + FLEET_SIZE * perGatewayMs;
}
