import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { hasColour } from '../io.js';

/** `gantry-agent status`: the target, the resources, and each app's release and health. */
export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("show this gateway's target, allocatable resources and each app's release and health")
    .option('--json', 'print the agent\'s answer as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await (await ctx.client(command)).status();
      if (options.json === true) ctx.io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      // Loaded on use: the daemon (`run`) shares this program and never prints a table.
      else ctx.io.stdout.write((await import('../format/status-summary.js')).formatStatus(status, ctx.now(), hasColour(ctx.io)));
    });
}
