#!/usr/bin/env -S node --max-semi-space-size=64
// gantry-sim: runs a fleet of simulated gateways against a Gantry controller.
// Semi-spaces of 64 MiB: see "The CLI" in the README.
import { ControllerApiError } from '../fleet/controller-api.js';
import { USAGE, UsageError, parseRunArgs } from './args.js';
import { runFleet } from './run.js';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
  console.log(USAGE);
  process.exit(argv.length === 0 ? 64 : 0);
}

try {
  const options = parseRunArgs(argv, process.env);
  const stopping = new AbortController();
  process.once('SIGINT', () => stopping.abort());
  process.once('SIGTERM', () => stopping.abort());
  const isTerminal = process.stdout.isTTY;
  const report = await runFleet(options, {
    print: (line) => process.stderr.write(`${isTerminal ? '\r\x1b[K' : ''}${line}\n`),
    ...(isTerminal ? { status: (line: string) => process.stderr.write(`\r\x1b[K${line}`) } : {}),
    signal: stopping.signal,
  });
  if (isTerminal) process.stderr.write('\n');
  console.log(JSON.stringify(report, null, 2));
  // mqtt.js and the HTTP agent may keep sockets half-closed for a while; the run is over.
  process.exit(0);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`gantry-sim: ${error.message}\n\n${USAGE}`);
    process.exit(64);
  }
  if (error instanceof ControllerApiError) {
    console.error(`gantry-sim: ${error.message}`);
    process.exit(69);
  }
  throw error;
}
