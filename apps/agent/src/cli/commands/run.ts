import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { streamLogger } from '../stderr-logger.js';

/** `gantry-agent run`: the daemon in the foreground, as systemd or a container runs it. */
export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run the agent in the foreground until SIGINT or SIGTERM; it logs to stderr')
    .action(async (_options: unknown, command: Command) => {
      const config = await ctx.loadConfig(command);
      const log = streamLogger(ctx.io.stderr, ctx.now);
      const controller = new AbortController();
      const stop = (signal: NodeJS.Signals): void => {
        log.info(`${signal} received: stopping (send it again to stop at once)`);
        controller.abort();
      };
      // `once`: a second Ctrl-C falls through to Node's default and ends the process at once.
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await ctx.runDaemon(config, { signal: controller.signal, log });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
