// temporary probe (removed before finishing)
import { setTimeout as sleep } from 'node:timers/promises';
import { connectDocker } from '@gantry/test-kit';
import { applyOverApi } from './lib/agent-apply.js';
import { startDaemon } from './lib/agent-daemon.js';
import { benchImage } from './lib/bench-image.js';
import { withCleanup } from './lib/cleanup.js';
import { processMemory } from './lib/proc-memory.js';
const variants: string[][] = JSON.parse(process.argv[2] ?? '[]');
const settle = Number(process.argv[3] ?? 40);
const APPS = [{ name: 'meters', services: ['reader'] }, { name: 'broker', services: ['broker', 'bridge'] }, { name: 'vision', services: ['camera', 'infer'] }];
const manifest = (app: string, services: readonly string[], image: string) =>
  `name: ${app}\nservices:\n${services.map((s) => `  ${s}:\n    image: ${image}\n    init: true\n    stopGracePeriodMs: 1000\n    restart: { policy: unless-stopped }\n    resources: { memoryBytes: 32Mi, nanoCpus: 100m, pidsLimit: 32 }\n`).join('')}`;
await withCleanup(async (cleanup) => {
  const docker = await connectDocker();
  const image = await benchImage(docker, cleanup);
  const subs: { name: string; pid: number }[] = [];
  for (const v of variants) {
    const agent = await startDaemon({ name: v.join(' '), nodeArgs: v });
    cleanup.add('d', () => agent.dispose());
    for (const app of APPS) await applyOverApi(agent, { manifest: manifest(app.name, app.services, image), format: 'yaml' });
    subs.push({ name: v.join(' '), pid: agent.pid() });
  }
  await sleep(settle * 1000);
  for (const s of subs) { const m = await processMemory(s.pid); console.log(`${(m.rssBytes / 2 ** 20).toFixed(1)} anon ${(m.anonBytes / 2 ** 20).toFixed(1)} file ${(m.fileBytes / 2 ** 20).toFixed(1)} peak ${(m.peakBytes / 2 ** 20).toFixed(1)}  ${s.name}`); }
});
