// Benchmark: `gantry-agent apply -f` of a 3-service compose file against `docker-compose up -d`
// of the same file, images local, in the same run.
// Run: node --conditions=@gantry/source --import tsx bench/agent/apply-vs-compose.ts [--reps 5]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, uniqueName } from '@gantry/test-kit';
import type Docker from 'dockerode';
import { distBuild, sourceBuild, type AgentBuild } from './lib/agent-build.js';
import { applyOverApi } from './lib/agent-apply.js';
import { startDaemon } from './lib/agent-daemon.js';
import { readFlags } from './lib/args.js';
import { benchImage } from './lib/bench-image.js';
import { withCleanup } from './lib/cleanup.js';
import { mustRun, nowMs, runCommand, type CommandResult } from './lib/command.js';
import { parseDockerTime, removeLabelled } from './lib/docker.js';
import { median, medianP90, ms, ratio, table } from './lib/stats.js';

/** One measurement, in ms from the moment the command started. */
interface Sample {
  /** Until the last of the three containers started (Docker's `State.StartedAt`). */
  allRunningMs: number;
  /** Until the command exited (or the apply stream's `done` line, for the control API). */
  answerMs: number;
}

/** A broker and two services that depend on it, capped as Gantry requires. */
const composeFile = (image: string) => {
  const service = (dependsOn: string) => `
    image: ${image}
    init: true
    stop_grace_period: 1s
    restart: unless-stopped
    mem_limit: 32m
    cpus: 0.25
    pids_limit: 32${dependsOn}`;
  return `services:\n  broker:${service('')}\n  reader:${service('\n    depends_on: [broker]')}\n  writer:${service('\n    depends_on: [broker]')}\n`;
};

async function lastStartedMs(docker: Docker, label: string, since: number): Promise<number> {
  const listed = await docker.listContainers({ filters: { label: [label] } });
  if (listed.length !== 3) throw new Error(`expected 3 running containers with ${label}, found ${listed.length}`);
  const started = await Promise.all(listed.map(async (c) => parseDockerTime((await docker.getContainer(c.Id).inspect()).State.StartedAt)));
  return Math.max(...started) - since;
}

function mustSucceed(result: CommandResult, what: string): CommandResult {
  if (result.code !== 0) throw new Error(`${what} exited with ${String(result.code)}:\n${result.stdout}${result.stderr}`);
  return result;
}

const flag = readFlags([{ name: 'reps', value: 5, min: 1, max: 10, help: 'measured repetitions of each side (after one warm-up)' }]);
const reps = flag('reps');

await withCleanup(async (cleanup) => {
  const docker = await connectDocker();
  const image = await benchImage(docker, cleanup);
  const dir = await mkdtemp(join(tmpdir(), 'gantry-bench-compose-'));
  cleanup.add(`temp dir ${dir}`, () => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'docker-compose.yml');
  await writeFile(file, composeFile(image));
  const compiled = await distBuild();
  cleanup.add('the compiled agent', () => compiled.remove());
  // The daemon runs as it ships (compiled, through its bin); the CLI runs in both builds.
  const agent = await startDaemon(compiled);
  cleanup.add('the agent daemon and its apps', () => agent.dispose());
  const runId = uniqueName('avc');
  const appLabel = (app: string) => `io.gantry.app=${app}`;
  console.log(
    `apply-vs-compose: ${reps} repetitions after a warm-up; daemon ${agent.build.name}; one compose file for both: ` +
      'broker, and reader and writer depending on it, each init, restart unless-stopped, mem_limit 32m, cpus 0.25, pids_limit 32',
  );

  const compose = async (i: number): Promise<Sample> => {
    const project = `${runId}-compose-${i}`.replaceAll('-', '');
    const label = `com.docker.compose.project=${project}`;
    cleanup.add(`compose project ${project}`, () => removeLabelled(docker, label));
    const up = await mustRun('docker-compose', ['-p', project, '-f', file, 'up', '-d'], { cwd: dir });
    const sample = { allRunningMs: await lastStartedMs(docker, label, up.startedAtMs), answerMs: up.endedAtMs - up.startedAtMs };
    // Torn down between repetitions (not timed), so each `up` meets an engine like the last one.
    await mustRun('docker-compose', ['-p', project, '-f', file, 'down', '--timeout', '1'], { cwd: dir });
    return sample;
  };
  // Each agent repetition ends with a reset to no apps (untimed): local mode cannot remove an app.
  const cli = (build: AgentBuild) => async (i: number): Promise<Sample> => {
    const app = `${runId}-${build === compiled ? 'js' : 'ts'}-${i}`;
    const cliArgs = [...build.args, '--config', agent.configPath, 'apply', '-f', file, '--format', 'compose', '--name', app];
    const result = mustSucceed(await runCommand(build.command, cliArgs), `gantry-agent apply (${build.name})`);
    const sample = { allRunningMs: await lastStartedMs(docker, appLabel(app), result.startedAtMs), answerMs: result.endedAtMs - result.startedAtMs };
    await agent.reset();
    return sample;
  };
  const controlApi = async (i: number): Promise<Sample> => {
    const app = `${runId}-api-${i}`;
    const askedAt = nowMs();
    const { doneAtMs } = await applyOverApi(agent, { manifest: composeFile(image), format: 'compose', name: app });
    const sample = { allRunningMs: await lastStartedMs(docker, appLabel(app), askedAt), answerMs: doneAtMs - askedAt };
    await agent.reset();
    return sample;
  };

  const sides = [
    { name: 'docker-compose up -d', samples: [] as Sample[], measure: compose },
    { name: `gantry-agent apply -f, CLI ${sourceBuild().name}`, samples: [] as Sample[], measure: cli(sourceBuild()) },
    { name: `gantry-agent apply -f, CLI ${compiled.name}`, samples: [] as Sample[], measure: cli(compiled) },
    { name: 'control API POST /v1/apply (no CLI)', samples: [] as Sample[], measure: controlApi },
  ];
  for (let i = 0; i <= reps; i += 1) {
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    const cells: string[] = [];
    for (const side of order) {
      const sample = await side.measure(i);
      if (i > 0) side.samples.push(sample);
      cells.push(`${side.name}: ${ms(sample.answerMs)} (all running ${ms(sample.allRunningMs)})`);
    }
    console.log(`${i === 0 ? 'warm-up' : `rep ${i}/${reps}`}  ${cells.join(' | ')}`);
  }

  const [baseline] = sides;
  if (!baseline) throw new Error('no baseline');
  const answer = (s: Sample[]) => s.map((x) => x.answerMs);
  const running = (s: Sample[]) => s.map((x) => x.allRunningMs);
  console.log(`\nms from the command's start; median / p90 of ${reps}; ratio = this ÷ docker-compose (medians); target: not slower (≤ 1.00×)\n`);
  console.log(
    table(
      ['side', 'until it returned', 'ratio', 'until all 3 running', 'ratio', 'verdict'],
      sides.map((s) => {
        const r = median(answer(s.samples)) / median(answer(baseline.samples));
        return [
          s.name,
          medianP90(answer(s.samples)),
          ratio(median(answer(s.samples)), median(answer(baseline.samples))),
          medianP90(running(s.samples)),
          ratio(median(running(s.samples)), median(running(baseline.samples))),
          // Without a CLI process it skips the start every command pays, so it is not judged.
          s === baseline ? 'baseline' : s.measure === controlApi ? 'not judged (no CLI)' : r <= 1 ? 'met' : 'missed',
        ];
      }),
    ),
  );

  // What each command costs before it does any work: the process start alone.
  const starts: [string, string, string[]][] = [
    ['docker-compose version --short', 'docker-compose', ['version', '--short']],
    ...[sourceBuild(), compiled].map((b): [string, string, string[]] => [`gantry-agent --version, ${b.name}`, b.command, [...b.args, '--version']]),
  ];
  const startRows: string[][] = [];
  for (const [name, command, args] of starts) {
    const times: number[] = [];
    for (let i = 0; i < reps; i += 1) {
      const result = mustSucceed(await runCommand(command, args), name);
      times.push(result.endedAtMs - result.startedAtMs);
    }
    startRows.push([name, medianP90(times)]);
  }
  console.log(`\nProcess start alone (median / p90 of ${reps}):\n`);
  console.log(table(['command', 'start to exit'], startRows));
});
