// Benchmark: a target change (apply of a one-service app, image already local) until its
// container runs, against `docker run -d` of the same container, in the same run. Two pairs:
// the app on Docker's default bridge (`networkMode: bridge`), the very container plain
// `docker run -d` makes; and the app on its own network (`networkMode: app`, the default),
// against `docker network create` + `docker run -d --network`. Each pair is judged on its own.
// Run: node --conditions=@gantry/source --import tsx bench/agent/target-to-running.ts [--reps 5]
import { connectDocker, uniqueName } from '@gantry/test-kit';
import type Docker from 'dockerode';
import { distBuild } from './lib/agent-build.js';
import { applyOverApi } from './lib/agent-apply.js';
import { startDaemon, type AgentDaemon } from './lib/agent-daemon.js';
import { readFlags } from './lib/args.js';
import { benchImage } from './lib/bench-image.js';
import { withCleanup } from './lib/cleanup.js';
import { mustRun, nowMs } from './lib/command.js';
import { BENCH_LABEL, removeLabelled, startedAtMs } from './lib/docker.js';
import { medianP90, ms, median, percentile, ratio, table } from './lib/stats.js';

const TARGET_RATIO = 1.25;

/** One measurement, in ms from the moment the change was asked for. */
interface Sample {
  /** Until the container's process started: Docker's `State.StartedAt`. */
  runningMs: number;
  /** Until the asker got its answer: the apply stream's `done` line, or `docker run -d` exiting. */
  answerMs: number;
  /** The agent's apply stream lines and the container start, in order, ms from the request. */
  timeline?: { line: string; ms: number }[];
}

/** The caps and options of the service, once as Gantry YAML and once as `docker run` flags. */
const manifest = (app: string, image: string, networkMode: NetworkMode) => `
name: ${app}
services:
  main:
    image: ${image}
    networkMode: ${networkMode}
    init: true
    stopGracePeriodMs: 1000
    restart: { policy: unless-stopped }
    resources: { memoryBytes: 32Mi, nanoCpus: 250m, pidsLimit: 32 }
`;
const RUN_FLAGS = ['--init', '--stop-timeout', '1', '--restart', 'unless-stopped', '--memory', '32m', '--cpus', '0.25', '--pids-limit', '32'];

/** Where the app's service is attached: Docker's default bridge, or a network of the app's own. */
type NetworkMode = 'bridge' | 'app';

/** Applies a new app and, once measured, resets the daemon to no apps (untimed). */
async function viaAgent(agent: AgentDaemon, docker: Docker, image: string, app: string, networkMode: NetworkMode): Promise<Sample> {
  const askedAt = nowMs();
  const { marks, doneAtMs } = await applyOverApi(agent, { manifest: manifest(app, image, networkMode), format: 'yaml' });
  const [container] = await docker.listContainers({ filters: { label: [`io.gantry.managed=${agent.instance}`, `io.gantry.app=${app}`] } });
  if (!container) throw new Error(`no running container for ${app}`);
  const runningMs = (await startedAtMs(docker, container.Id)) - askedAt;
  const timeline = [...marks.map((m) => ({ line: m.line, ms: m.atMs - askedAt })), { line: 'container running (StartedAt)', ms: runningMs }];
  const sample = { runningMs, answerMs: doneAtMs - askedAt, timeline: timeline.sort((a, b) => a.ms - b.ms) };
  await agent.reset();
  return sample;
}

/** `docker run -d`, preceded by `docker network create` when `withNetwork` (what the agent does for an app). */
async function viaDockerRun(docker: Docker, image: string, name: string, label: string, withNetwork: boolean): Promise<Sample> {
  const askedAt = nowMs();
  if (withNetwork) await mustRun('docker', ['network', 'create', '--label', label, name]);
  const network = withNetwork ? ['--network', name, '--network-alias', 'main'] : [];
  const run = await mustRun('docker', ['run', '-d', '--name', name, '--label', label, ...network, ...RUN_FLAGS, image]);
  const sample = { runningMs: (await startedAtMs(docker, run.stdout.trim())) - askedAt, answerMs: run.endedAtMs - askedAt };
  // Removed once measured (untimed), as the agent's app is, so every repetition meets the same engine.
  await removeLabelled(docker, label);
  return sample;
}

const flag = readFlags([{ name: 'reps', value: 5, min: 1, max: 20, help: 'measured repetitions of each side (after one warm-up)' }]);
const reps = flag('reps');

await withCleanup(async (cleanup) => {
  const docker = await connectDocker();
  const image = await benchImage(docker, cleanup);
  const runId = uniqueName('t2r');
  const label = `${BENCH_LABEL}=${runId}`;
  cleanup.add('baseline containers and networks', () => removeLabelled(docker, label));
  // The daemon as it ships: compiled, started through its package bin.
  const compiled = await distBuild();
  cleanup.add('the compiled agent', () => compiled.remove());
  const agent = await startDaemon(compiled);
  cleanup.add('the agent daemon and its apps', () => agent.dispose());
  console.log(`target-to-running: ${reps} repetitions after a warm-up; agent ${agent.build.name}, image ${image}`);

  const sides = {
    agentBridge: {
      name: 'gantry-agent apply, networkMode: bridge',
      samples: [] as Sample[],
      measure: (i: number) => viaAgent(agent, docker, image, `${runId}-b${i}`, 'bridge'),
    },
    run: { name: 'docker run -d', samples: [] as Sample[], measure: (i: number) => viaDockerRun(docker, image, `${runId}-run-${i}`, label, false) },
    agentApp: {
      name: 'gantry-agent apply, networkMode: app',
      samples: [] as Sample[],
      measure: (i: number) => viaAgent(agent, docker, image, `${runId}-a${i}`, 'app'),
    },
    netRun: {
      name: 'docker network create + docker run -d',
      samples: [] as Sample[],
      measure: (i: number) => viaDockerRun(docker, image, `${runId}-net-${i}`, label, true),
    },
  };
  const pairs = [
    { agent: sides.agentBridge, baseline: sides.run },
    { agent: sides.agentApp, baseline: sides.netRun },
  ];
  for (let i = 0; i <= reps; i += 1) {
    // Alternate who goes first, so neither always meets a cache the other just warmed.
    const forward = [sides.agentBridge, sides.run, sides.agentApp, sides.netRun];
    const order = i % 2 === 0 ? forward : forward.reverse();
    const cells: string[] = [];
    for (const side of order) {
      const sample = await side.measure(i);
      if (i > 0) side.samples.push(sample);
      cells.push(`${side.name}: running ${ms(sample.runningMs)}, answered ${ms(sample.answerMs)}`);
    }
    console.log(`${i === 0 ? 'warm-up' : `rep ${i}/${reps}`}  ${cells.join(' | ')}`);
  }

  const running = (s: Sample[]) => s.map((x) => x.runningMs);
  const answer = (s: Sample[]) => s.map((x) => x.answerMs);
  console.log(`\nFigures (ms from the request; median / p90 of ${reps}):\n`);
  console.log(
    table(
      ['side', 'to container running (StartedAt)', 'to answer (done line / CLI exit)'],
      Object.values(sides).map((s) => [s.name, medianP90(running(s.samples)), medianP90(answer(s.samples))]),
    ),
  );
  console.log('\nAgent ÷ baseline:\n');
  console.log(
    table(
      ['agent', 'baseline', 'to running, median', 'to running, p90', 'to answer, median', 'target', 'verdict'],
      pairs.map(({ agent: { name, samples: a }, baseline: b }) => [
        name,
        b.name,
        ratio(median(running(a)), median(running(b.samples))),
        ratio(percentile(running(a), 90), percentile(running(b.samples), 90)),
        ratio(median(answer(a)), median(answer(b.samples))),
        `≤ ${TARGET_RATIO}× (to running, median)`,
        median(running(a)) / median(running(b.samples)) <= TARGET_RATIO ? 'met' : 'missed',
      ]),
    ),
  );
  for (const { agent: side } of pairs) {
    console.log(`\nWhere the agent's time goes, ${side.name} (median ms from the request, each line of the apply stream as it arrived):\n`);
    console.log(table(['event', 'median'], timelineMedians(side.samples).map(([line, value]) => [line, ms(value)])));
  }
});

/** The median time of each timeline line, in the order of the first sample. */
function timelineMedians(samples: readonly Sample[]): [string, number][] {
  const lines = samples[0]?.timeline?.map((t) => t.line) ?? [];
  return lines.map((line) => [line, median(samples.flatMap((s) => s.timeline?.filter((t) => t.line === line).map((t) => t.ms) ?? []))]);
}
