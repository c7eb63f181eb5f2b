import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../context.js';
import type { EnrollFailure } from '../../cloud/enroll.js';
import { CliError, ExitCode, type ExitStatus } from '../exit-codes.js';

// Scripts branch on these (exit-codes.ts): enrolled already, token refused, controller away.
const FAILURE_EXIT: Record<EnrollFailure, ExitStatus> = {
  'already-enrolled': ExitCode.alreadyEnrolled,
  'device-id-taken': ExitCode.alreadyEnrolled,
  'token-refused': ExitCode.enrollmentRefused,
  'controller-unavailable': ExitCode.unavailable,
  'invalid-request': ExitCode.usage,
};

interface EnrollOptions {
  controller: string;
  token: string;
  deviceId?: string;
  name?: string;
  label?: Record<string, string>;
  json?: boolean;
}

/** `gantry-agent enroll`: turns a one-time token into this gateway's cloud identity. */
export function registerEnroll(program: Command, ctx: CliContext): void {
  program
    .command('enroll')
    .description("enroll this gateway with a Gantry controller using a one-time token; the agent then runs in cloud mode (restart it if it runs)")
    .requiredOption('--controller <url>', "the controller's address, e.g. https://gantry.example.com", parseControllerUrl)
    .requiredOption('--token <token>', 'the one-time enrollment token from the controller (POST /api/v1/enrollment-tokens or the console)')
    .option('--device-id <id>', "the id this gateway asks for (hostname, serial); the controller makes one up when absent")
    .option('--name <name>', 'a name for people; the controller uses the id when absent')
    .option('--label <key=value>', "a label of this gateway (repeatable); the token's labels win on conflict", collectLabel)
    .option('--json', 'print what was stored as JSON (never the secret)')
    .addHelpText(
      'after',
      `
The identity and MQTT credentials go to <dataDir>/identity.json (mode 0600). Enrolling
twice is refused (exit 73): remove that file to enroll again with a new token. A token the
controller does not accept (unknown, used or expired) exits 67; an unreachable controller 69.`,
    )
    .action(async (options: EnrollOptions, command: Command) => {
      const config = await ctx.loadConfig(command);
      // Loaded on use: the rest of the CLI has no need of the enrollment code.
      const { enrollGateway } = await import('../../cloud/enroll.js');
      const outcome = await enrollGateway(
        {
          config,
          controller: options.controller,
          token: options.token,
          deviceId: options.deviceId,
          name: options.name,
          labels: options.label ?? {},
          agentVersion: ctx.version,
          now: ctx.now,
        },
        (message) => ctx.io.stderr.write(`warning: ${message}\n`),
      );
      if (!outcome.ok) throw new CliError(outcome.message, FAILURE_EXIT[outcome.failure]);
      const { identity, path } = outcome;
      if (options.json === true) {
        const { mqtt, ...rest } = identity;
        ctx.io.stdout.write(`${JSON.stringify({ ...rest, brokerUrls: mqtt.urls, identityPath: path }, null, 2)}\n`);
        return;
      }
      const labels = Object.entries(identity.labels).map(([key, value]) => `${key}=${value}`);
      ctx.io.stdout.write(
        [
          `enrolled this gateway as ${identity.deviceId}${identity.name === identity.deviceId ? '' : ` (${identity.name})`} with ${identity.controllerUrl}`,
          `labels      ${labels.length === 0 ? 'none' : labels.join(', ')}`,
          `broker      ${identity.mqtt.urls.join(', ')}`,
          `identity    ${path} (holds the gateway's secret; mode 0600)`,
          'start the agent (or restart it if it runs) to connect: gantry-agent run',
          '',
        ].join('\n'),
      );
    });
}

function parseControllerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("give the controller's address as a URL, e.g. https://gantry.example.com");
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('give an http:// or https:// URL');
  return value;
}

function collectLabel(value: string, labels: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('give a label as key=value, e.g. site=berlin');
  return { ...labels, [value.slice(0, at)]: value.slice(at + 1) };
}
