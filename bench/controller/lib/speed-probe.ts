// A fixed piece of single-threaded JavaScript work, timed in this process's own CPU time. The
// same code on the same machine should take the same CPU time; when a run's figures move with
// no change of code, a probe that moved with them says the machine (its host) was slower then.
import { randomBytes } from 'node:crypto';

const DOCUMENT = {
  apps: Object.fromEntries(
    Array.from({ length: 4 }, (_, a) => [
      `app-${a}`,
      { releaseId: `app-${a}@7`, services: Object.fromEntries(Array.from({ length: 3 }, (_, s) => [`svc-${s}`, { image: `registry.local/app-${a}/svc-${s}:1.${s}`, env: { TOKEN: randomBytes(16).toString('hex') }, restart: 'unless-stopped', caps: { memoryBytes: 64 << 20, nanoCpus: 5e8 } }])) },
    ]),
  ),
};
const ROUNDS = 4_000;

/** CPU milliseconds this process spends on the probe's fixed work (JSON round trips of a ~2 KB document): the least of three tries, the first ones being slower while V8 warms up. */
export function speedProbeMs(): number {
  return Math.min(probeOnce(), probeOnce(), probeOnce());
}

function probeOnce(): number {
  const before = process.cpuUsage();
  let length = 0;
  for (let i = 0; i < ROUNDS; i++) length += (JSON.parse(JSON.stringify(DOCUMENT)) as { apps: object }).apps === undefined ? 0 : 1;
  if (length !== ROUNDS) throw new Error('the speed probe lost its document');
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
