import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError, ExitCode } from '../exit-codes.js';

/** `gantry-agent rollback [app]`: back to the last release that was healthy. */
export function registerRollback(program: Command, ctx: CliContext): void {
  program
    .command('rollback')
    .description('roll an app (or every app) back to its last good release, the last one that became healthy')
    .argument('[app]', 'the app to roll back; every app when absent')
    .action(async (app: string | undefined, _options: unknown, command: Command) => {
      const { rolledBack } = await (await ctx.client(command)).rollback(app);
      if (rolledBack.length === 0) {
        const message =
          app === undefined
            ? 'nothing rolled back: no app has an older good release to go back to'
            : `nothing rolled back: app '${app}' has no older good release to go back to`;
        throw new CliError(message, ExitCode.failure);
      }
      for (const name of rolledBack) ctx.io.stdout.write(`rolled back '${name}' to its last good release\n`);
      ctx.io.stdout.write('follow the rollback with `gantry-agent status`\n');
    });
}
