#!/usr/bin/env node
// The `gantry-agent` bin: the process's streams into the CLI, its answer into the exit status.
import { runCli } from './program.js';

// `gantry-agent logs x | head` closes our stdout early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  isTTY: process.stdout.isTTY,
  env: process.env,
  columns: process.stdout.columns,
});
