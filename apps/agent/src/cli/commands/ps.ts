import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { hasColour } from '../io.js';

/** `gantry-agent ps`: every managed service with its usage against its caps. */
export function registerPs(program: Command, ctx: CliContext): void {
  program
    .command('ps')
    .description('list the services of every app with state, health, memory and CPU against their caps, and whether the caps are verified')
    .option('--json', 'print the rows as a JSON array')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { services } = await (await ctx.client(command)).ps();
      if (options.json === true) ctx.io.stdout.write(`${JSON.stringify(services, null, 2)}\n`);
      // Loaded on use, like every table: the daemon (`run`) shares this program and never prints one.
      else ctx.io.stdout.write((await import('../format/ps-table.js')).formatPs(services, hasColour(ctx.io)));
    });
}
