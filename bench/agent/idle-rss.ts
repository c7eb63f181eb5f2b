// Benchmark: the agent daemon's resident memory, idle with 3 apps running, against bare Node
// measured alongside it. The daemon runs three times side by side: from source through tsx (as
// the tests run it) and compiled to dist/ as it ships, both in local mode; and compiled,
// enrolled with a real controller (cloud mode: MQTT session, sync), its apps deployed from there.
// Run: node --conditions=@gantry/source --import tsx bench/agent/idle-rss.ts [--settle 180] [--interval 10]
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectDocker, uniqueName } from '@gantry/test-kit';
import { distBuild, sourceBuild } from './lib/agent-build.js';
import { applyOverApi } from './lib/agent-apply.js';
import { startDaemon } from './lib/agent-daemon.js';
import { readFlags } from './lib/args.js';
import { benchImage } from './lib/bench-image.js';
import { withCleanup } from './lib/cleanup.js';
import { startCloudSite, waitRunning } from './lib/cloud-gateway.js';
import { median, mib, ratio, table } from './lib/stats.js';
import { processMemory, treeRssBytes, type ProcessMemory } from './lib/proc-memory.js';

const TARGET_BYTES = 50 * 1024 * 1024;
const WINDOW_S = 30;

/** Three apps of one or two busybox `sleep` services each. */
const APPS = [
  { name: 'meters', services: ['reader'] },
  { name: 'broker', services: ['broker', 'bridge'] },
  { name: 'vision', services: ['camera', 'infer'] },
];
const manifest = (app: string, services: readonly string[], image: string) =>
  `name: ${app}\nservices:\n${services
    .map((s) => `  ${s}:\n    image: ${image}\n    init: true\n    stopGracePeriodMs: 1000\n    restart: { policy: unless-stopped }\n    resources: { memoryBytes: 32Mi, nanoCpus: 100m, pidsLimit: 32 }\n`)
    .join('')}`;

/** A process whose memory is sampled. */
interface Subject {
  name: string;
  pid: number;
  samples: { atS: number; rssBytes: number; treeBytes: number }[];
  last?: ProcessMemory;
}

const flag = readFlags([
  { name: 'settle', value: 180, min: 10, max: 1800, help: 'seconds to sample RSS while idle, after the apps run' },
  { name: 'interval', value: 10, min: 1, max: 60, help: 'seconds between samples' },
]);
const settleS = flag('settle');
const intervalS = Math.min(flag('interval'), settleS);

await withCleanup(async (cleanup) => {
  const docker = await connectDocker();
  const image = await benchImage(docker, cleanup);
  const compiled = await distBuild();
  cleanup.add('the compiled agent', () => compiled.remove());
  const subjects: Subject[] = [];
  for (const build of [sourceBuild(), compiled]) {
    const agent = await startDaemon(build);
    cleanup.add(`the ${build.name} agent daemon and its apps`, () => agent.dispose());
    for (const app of APPS) await applyOverApi(agent, { manifest: manifest(app.name, app.services, image), format: 'yaml' });
    subjects.push({ name: `gantry-agent run, ${build.name}, local mode`, pid: agent.pid(), samples: [] });
  }
  const cloud = await startCloudSite();
  cleanup.add('the controller', () => cloud.stop());
  const enrolled = await startDaemon(compiled, cloud.enroll);
  cleanup.add('the enrolled agent daemon and its apps', () => enrolled.dispose());
  for (const app of APPS) {
    const id = uniqueName(app.name);
    await cloud.deploy(id, manifest(id, app.services, image));
  }
  await waitRunning(docker, enrolled.instance, APPS.reduce((n, a) => n + a.services.length, 0));
  subjects.push({ name: `gantry-agent run, ${compiled.name}, cloud mode (enrolled)`, pid: enrolled.pid(), samples: [] });
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  cleanup.add('the bare Node process', async () => void bare.kill());
  if (bare.pid === undefined) throw new Error('bare node did not start');
  subjects.push({ name: "bare Node (node -e 'setInterval(…)')", pid: bare.pid, samples: [] });

  const services = APPS.reduce((n, a) => n + a.services.length, 0);
  console.log(`idle-rss: each agent runs ${APPS.length} apps (${services} containers); sampling every ${intervalS} s for ${settleS} s`);
  const startedAt = Date.now();
  for (let atS = intervalS; atS <= settleS; atS += intervalS) {
    await sleep(startedAt + atS * 1000 - Date.now());
    for (const s of subjects) s.samples.push({ atS, rssBytes: (await processMemory(s.pid)).rssBytes, treeBytes: await treeRssBytes(s.pid) });
    console.log(`t=${String(atS).padStart(4)} s  ${subjects.map((s) => `${s.name}: ${mib(s.samples.at(-1)?.rssBytes ?? 0)}`).join(' | ')}`);
  }
  for (const s of subjects) s.last = await processMemory(s.pid);

  // The figure: the median of the samples in the last WINDOW_S seconds (or all, if shorter).
  const figure = (s: Subject, key: 'rssBytes' | 'treeBytes') => median(s.samples.filter((x) => x.atS > settleS - WINDOW_S).map((x) => x[key]));
  const baseline = subjects.at(-1);
  if (!baseline) throw new Error('no baseline');
  const base = figure(baseline, 'treeBytes');
  console.log(`\nVmRSS after ${settleS} s idle: median of the samples in the last ${Math.min(WINDOW_S, settleS)} s; 1 MiB = 2^20 bytes\n`);
  console.log(
    table(
      ['process', 'RSS', 'RSS incl. children', 'anon / file (end)', 'peak (VmHWM)', '÷ bare Node', '− bare Node', 'target', 'verdict'],
      subjects.map((s) => {
        const tree = figure(s, 'treeBytes');
        const isBaseline = s === baseline;
        return [
          s.name,
          mib(figure(s, 'rssBytes')),
          mib(tree),
          `${mib(s.last?.anonBytes ?? 0)} / ${mib(s.last?.fileBytes ?? 0)}`,
          mib(s.last?.peakBytes ?? 0),
          ratio(tree, base),
          isBaseline ? '' : mib(tree - base),
          isBaseline ? '' : '≤ 50 MiB',
          isBaseline ? 'baseline' : tree <= TARGET_BYTES ? 'met' : 'missed',
        ];
      }),
    ),
  );
});
