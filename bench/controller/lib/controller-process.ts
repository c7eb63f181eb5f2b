// The controller as it ships (apps/controller/dist/main.js), in its own process with its
// own data dir (SQLite) and ports, all on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@gantry/test-kit';
import { mustRun } from '../../agent/lib/command.js';
import { ControllerApi } from './controller-api.js';
import { progress } from './log.js';
import { SERVER_NODE_FLAGS, startNode, type NodeProcess } from './node-process.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
const MAIN = join(REPO, 'apps', 'controller', 'dist', 'main.js');

/** A running controller. */
export interface ControllerProcess {
  readonly pid: number;
  readonly apiUrl: string;
  /** `mqtt://127.0.0.1:<port>` of its embedded broker. */
  readonly mqttUrl: string;
  /** Logged in as admin. */
  readonly api: ControllerApi;
  /** Lines it logged at WARN or ERROR level so far (count, and the last few). */
  problems(): { warnings: number; errors: number; last: string[] };
  /** The tail of everything it printed. */
  output(): string;
  hasExited(): boolean;
  /** Stops it (SIGTERM, SIGKILL after 20 s) and removes its data dir. */
  dispose(): Promise<void>;
}

/**
 * Compiles the controller and the libraries it uses to dist/ (`nx run @gantry/controller:build`),
 * unless the run was asked to use dist/ as it is (`--skip-build`).
 */
export async function buildController(isSkipping: boolean, options: { withFirmwareSim?: boolean } = {}): Promise<void> {
  const projects = ['@gantry/controller', ...(options.withFirmwareSim === true ? ['@gantry/firmware-sim'] : [])];
  if (isSkipping) return progress(`running ${projects.join(' and ')} as built (--skip-build)`);
  progress(`building ${projects.join(' and ')} (nx run-many -t build)…`);
  await mustRun(join(REPO, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'], {
    cwd: REPO,
    timeoutMs: 600_000,
  });
}

/** Starts `node apps/controller/dist/main.js` and waits until it is up and the admin can log in. */
export async function startController(extraEnv: NodeJS.ProcessEnv = {}): Promise<ControllerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gantry-bench-controller-'));
  const port = await freePort();
  const mqttPort = await freePort();
  // A caller that logs in by itself too (a simulated fleet minting enrollment tokens) passes its own.
  const adminPassword = extraEnv['ADMIN_PASSWORD'] ?? randomBytes(18).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    // Plain log lines, so WARN and ERROR are found by text.
    NO_COLOR: '1',
    HOST: '127.0.0.1',
    PORT: String(port),
    MQTT_PORT: String(mqttPort),
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: adminPassword,
    ...extraEnv,
  };
  let proc: NodeProcess | undefined;
  const dispose = async () => {
    await proc?.stop(20_000);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    proc = startNode([MAIN], { env, cwd: REPO, nodeFlags: SERVER_NODE_FLAGS });
    const started = proc;
    let warnings = 0;
    let errors = 0;
    const last: string[] = [];
    started.onLine((line) => {
      // Nest's logger: "[Nest] <pid>  - <time>     WARN [Context] message".
      const isWarning = / WARN /.test(line);
      const isError = / ERROR /.test(line) || /^\s*(Error|TypeError|RangeError)\b/.test(line);
      if (!isWarning && !isError) return;
      if (isWarning) warnings++;
      if (isError) errors++;
      last.push(line.slice(0, 400));
      if (last.length > 20) last.shift();
    });
    const apiUrl = `http://127.0.0.1:${port}/api/v1`;
    // Not pollUntil: an exit must end the wait at once, with the controller's own words.
    const deadline = Date.now() + 60_000;
    while (!/is up/.test(started.output())) {
      if (started.hasExited()) throw new Error(`the controller exited:\n${started.output().slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`the controller did not start within 60 s:\n${started.output().slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const api = await ControllerApi.login(apiUrl, adminPassword);
    return {
      pid: started.pid,
      apiUrl,
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      api,
      problems: () => ({ warnings, errors, last: [...last] }),
      output: () => started.output(),
      hasExited: () => started.hasExited(),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
