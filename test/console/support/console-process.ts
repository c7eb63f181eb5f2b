import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, pollUntil, startServer, uniqueName, type ServerProcess } from '@gantry/test-kit';

/** The console as it is deployed: `next start` of its production build, on loopback. */
export interface ConsoleProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

// The console is served, not imported: its folder in the repository, found from here.
const CONSOLE_DIR = fileURLToPath(new URL('../../../apps/console/', import.meta.url));
// Under the repository (so `next` and React resolve from its node_modules) and ignored by git.
const SNAPSHOT_ROOT = fileURLToPath(new URL('../../../test-results/console-builds/', import.meta.url));
// What `next start` reads; the build cache and traces stay behind.
const SERVED = ['BUILD_ID', 'server', 'static', 'package.json', /-manifest\.json$/, /^required-server-files\./];

/**
 * Serves the built console (`apps/console/.next`) with `next start`, pointed at a
 * controller. It must be built first (`npx nx run @gantry/console:build`, which the test
 * target depends on). The build is served from a copy, so a rebuild in the working tree
 * while the tests run cannot pull chunks from under the browser.
 */
export async function startConsoleProcess(controllerUrl: string): Promise<ConsoleProcess> {
  const dir = await snapshotBuild();
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next', { paths: [CONSOLE_DIR] });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server: ServerProcess;
  try {
    server = await startServer(process.execPath, [nextBin, 'start', dir, '-H', '127.0.0.1', '-p', String(port)], {
      what: `the console on ${url}`,
      installHint: 'build it with npx nx run @gantry/console:build',
      captureStdout: true,
      timeoutMs: 30_000,
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', GANTRY_CONTROLLER_URL: controllerUrl },
      ready: async () => (await fetch(`${url}/login`)).ok,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    output: () => server.output(),
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Copies the finished build (waiting out one in progress) with the config `next start` loads. */
async function snapshotBuild(): Promise<string> {
  const built = join(CONSOLE_DIR, '.next');
  const buildId = () => readFile(join(built, 'BUILD_ID'), 'utf8').catch(() => undefined);
  const dir = join(SNAPSHOT_ROOT, uniqueName('console'));
  await pollUntil(async () => !existsSync(join(built, 'lock')) && (await buildId()) !== undefined, {
    timeoutMs: 180_000,
    intervalMs: 1_000,
    what: `a finished console build in ${built} (build it with npx nx run @gantry/console:build)`,
  });
  for (let attempt = 1; ; attempt += 1) {
    const before = await buildId();
    try {
      await copyBuild(built, dir);
      if (before !== undefined && before === (await buildId())) return dir;
    } catch (error) {
      // A build that starts mid-copy deletes files under it: try again.
      if (attempt === 3) throw error;
    }
    if (attempt === 3) throw new Error(`the console build in ${built} kept changing while it was copied; run the tests when no build is running`);
  }
}

async function copyBuild(built: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(join(CONSOLE_DIR, 'package.json'), join(dir, 'package.json'));
  await cp(join(CONSOLE_DIR, 'next.config.ts'), join(dir, 'next.config.ts'));
  await cp(built, join(dir, '.next'), {
    recursive: true,
    filter: (source) => {
      const [top] = source.slice(built.length + 1).split('/');
      return top === undefined || top === '' || SERVED.some((kept) => (typeof kept === 'string' ? kept === top : kept.test(top)));
    },
  });
}
