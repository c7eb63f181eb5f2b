// Starting and stopping the baseline broker process (lib/bare-broker-main.ts).
import { join } from 'node:path';
import { pollUntil } from '@gantry/test-kit';
import { SERVER_NODE_FLAGS, startNode } from './node-process.js';

/** A bare aedes broker in its own process. */
export interface BareBroker {
  readonly pid: number;
  readonly url: string;
  dispose(): Promise<void>;
}

export async function startBareBroker(): Promise<BareBroker> {
  const proc = startNode([join(import.meta.dirname, 'bare-broker-main.mjs')], { nodeFlags: SERVER_NODE_FLAGS });
  try {
    const port = await pollUntil(
      () => {
        if (proc.hasExited()) throw new Error(`the bare broker exited:\n${proc.output()}`);
        const match = /listening (\d+)/.exec(proc.output());
        return match?.[1] === undefined ? undefined : Number(match[1]);
      },
      { timeoutMs: 30_000, what: 'the bare aedes broker to listen' },
    );
    return { pid: proc.pid, url: `mqtt://127.0.0.1:${port}`, dispose: () => proc.stop(10_000) };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}
