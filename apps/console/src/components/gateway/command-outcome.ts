import type { CommandErrorCode } from '../../api/commands';
import { ApiError } from '../../lib/api';
import { absoluteTime, relativeTime } from '../../lib/format';

/** What is known of the gateway when a command fails, to say why in its terms. */
export interface CommandContext {
  lastSeenAt: string | null;
  now: number;
}

const GATEWAY_ERRORS: Partial<Record<CommandErrorCode, string>> = {
  'unknown-service': 'The gateway does not run this service (any more).',
  busy: 'The gateway is busy with another command or a reconcile; try again in a moment.',
  unsupported: "The gateway's agent does not support this command; update the agent.",
  timeout: 'The gateway ran out of time working on the command.',
};

/** The gateway's own refusal, e.g. `unknown-service`, in plain words with its message. */
export function gatewayErrorText(code: CommandErrorCode, message: string): string {
  const known = GATEWAY_ERRORS[code];
  return known === undefined ? `The gateway answered ${code}: ${message}` : `${known} (${message})`;
}

/** Why a command did not get an answer, from the controller's refusal (409, 504) or any other failure. */
export function commandFailureText(error: unknown, context: CommandContext): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'device-offline':
      return context.lastSeenAt === null
        ? 'The gateway has never connected, so it cannot take commands yet.'
        : `The gateway is offline since ${relativeTime(context.lastSeenAt, context.now)} (${absoluteTime(context.lastSeenAt)}). Commands reach only connected gateways; try again once it is back.`;
    case 'device-revoked':
      return 'The gateway was revoked and takes no commands.';
    case 'command-timed-out':
      return 'The gateway did not answer in time. Its connection may have dropped; try again.';
    default:
      return error.message;
  }
}
