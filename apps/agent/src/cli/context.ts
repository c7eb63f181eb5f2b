import type { Command } from 'commander';
import { loadConfig, type AgentConfig } from '../config/config.js';
import { ControlClient } from '../control/client.js';
import { controlSocketPath } from '../control/socket-path.js';
import type { runDaemon } from '../daemon/daemon.js';
import type { CliIo } from './io.js';

/** The global options every command sees. */
export interface GlobalOptions {
  config?: string;
}

/** What the commands are built from: the io, and the few things tests replace. */
export interface CliContext {
  io: CliIo;
  now: () => Date;
  version: string;
  runDaemon: typeof runDaemon;
  /** The config named by `--config` (else `$GANTRY_CONFIG`, else the default path), with `GANTRY_*` overrides. */
  loadConfig(command: Command): Promise<AgentConfig>;
  /** A client for the running agent's control socket. */
  client(command: Command): Promise<ControlClient>;
}

/** The `--config` value, wherever on the command line it was given. */
export function configPathOption(command: Command): string | undefined {
  return command.optsWithGlobals<GlobalOptions>().config;
}

/** Builds the context the commands share. */
export function createContext(io: CliIo, parts: Pick<CliContext, 'now' | 'version' | 'runDaemon'>): CliContext {
  const config = (command: Command): Promise<AgentConfig> => loadConfig(configPathOption(command), io.env);
  return {
    io,
    ...parts,
    loadConfig: config,
    client: async (command) => new ControlClient(controlSocketPath(await config(command))),
  };
}
