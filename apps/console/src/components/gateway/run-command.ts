import { commandsPath, type CommandRequest, type CommandPayload, type CommandResult, type CommandType, type PayloadOf } from '@/api/commands';
import { api } from '@/lib/api';
import { commandFailureText, gatewayErrorText, type CommandContext } from './command-outcome';

function isPayloadOf<T extends CommandType>(payload: CommandPayload, type: T): payload is PayloadOf<T> {
  return payload.type === type;
}

/**
 * Sends a command and resolves with the gateway's payload. Every failure, whether the
 * controller refused (offline, revoked, timed out) or the gateway did, becomes an Error
 * whose message says what happened in plain words.
 */
export async function runCommand<T extends CommandType>(deviceId: string, command: Extract<CommandRequest, { type: T }>, context: () => CommandContext): Promise<PayloadOf<T>> {
  let answer: CommandResult;
  try {
    answer = await api<CommandResult>(commandsPath(deviceId), { method: 'POST', body: command });
  } catch (error) {
    throw new Error(commandFailureText(error, context()), { cause: error });
  }
  if (answer.status === 'error') throw new Error(gatewayErrorText(answer.error.code, answer.error.message));
  const payload = answer.result;
  if (!isPayloadOf(payload, command.type)) throw new Error(`the gateway answered a ${command.type} command with a ${payload.type} result`);
  return payload;
}
