#!/usr/bin/env -S node --max-semi-space-size=1 --lite-mode --no-expose-wasm
// The `gantry-agent` bin: the process's streams into the CLI, its answer into the exit status.
//
// The `#!` line's V8 flags hold the daemon's idle memory down on small gateways (measured in
// BENCHMARKS.md): semispaces of 1 MiB keep the young generation from growing to 16 MiB each,
// and lite mode (V8's trade of speed for memory: no JIT compilers at all, regular expressions
// interpreted, smaller heap growth) keeps compiled code and compile buffers from becoming
// resident. The agent waits on Docker and the network, so interpreted code costs it nothing a
// person notices. Lite mode has no WebAssembly, so nothing here may need it: Node's fetch
// does (its HTTP parser), hence node:http in the enrollment client; `--no-expose-wasm` says
// so up front, which also keeps V8 from warning about it on every command. The flags apply
// when the bin runs as an executable (npm's bin link, systemd's
// ExecStart=/usr/bin/gantry-agent run), not under `node main.js`.
import * as z from 'zod/mini';
import { runCli } from './program.js';

// zod compiles a parser for each object schema with `new Function` on its first parse. With
// the optimising compilers off that generated code only runs interpreted, so it costs its
// source, its bytecode and, above all, time on the first message of each kind (a target
// change to a fresh daemon validated in a third of the time without it).
z.config({ jitless: true });

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
