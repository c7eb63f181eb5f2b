import { CommandSchema, TimeoutMsSchema } from '@gantry/protocol';
import { z } from 'zod';

/** How long a gateway may work on a command when the request does not say. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

const timeoutMs = z._default(TimeoutMsSchema, DEFAULT_COMMAND_TIMEOUT_MS);
const [logs, restart, resync, diagnostics] = CommandSchema.def.options;

/**
 * Body of `POST /devices/:id/commands`: one protocol command, with `timeoutMs` optional.
 * Strict, unlike the protocol's forward-compatible schema: a misspelt field in a request
 * someone typed is a mistake to point out, not a newer version to tolerate.
 */
export const CommandRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...logs.shape, timeoutMs }),
  z.strictObject({ ...restart.shape, timeoutMs }),
  z.strictObject({ ...resync.shape, timeoutMs }),
  z.strictObject({ ...diagnostics.shape, timeoutMs }),
]);
export type CommandRequest = z.output<typeof CommandRequestSchema>;
