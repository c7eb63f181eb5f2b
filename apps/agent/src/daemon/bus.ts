import { EventEmitter } from 'node:events';
import type { PullProgress, Step } from '@gantry/agent-core';

/** What the daemon tells its local listeners (the control API's `apply` stream) as it works. */
export interface DaemonEvents {
  pull: [PullProgress];
  step: [Step];
}

/** A typed event bus between the supervisor and the control API. */
export class DaemonBus extends EventEmitter<DaemonEvents> {}
