// Run as a child process by the crash tests: saves state and appends events as fast as it
// can until it is killed with SIGKILL.
import { initialAgentState } from '@gantry/agent-core';
import { FileOutbox } from './file-outbox.js';
import { FileStateStore } from './file-state-store.js';
import { isoTimestamp } from '@gantry/protocol/timestamp';

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: crash-writer <dir>');
const store = new FileStateStore(`${dir}/state.json`);
const outbox = await FileOutbox.open(`${dir}/outbox.jsonl`, { limit: 100_000 });
const state = await store.load();
let round = Object.keys(state.applying).length;
process.stdout.write('ready\n');
for (;;) {
  round += 1;
  const next = initialAgentState();
  for (let i = 0; i < round % 50; i += 1) next.applying[`app-${i}`] = { releaseId: `r${round}`, since: isoTimestamp() };
  await store.save(next);
  await outbox.append([{ type: 'service.removed', detail: { app: 'site', service: 'api', containerId: 'abcdef123456' } }]);
  if (round % 7 === 0) await outbox.ack(((await outbox.peek(3)).at(-1)?.seq ?? 0));
}
