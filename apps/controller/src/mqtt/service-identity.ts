import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newSecret } from '../devices/secrets.js';

/** File in the data dir holding the generated password of the controller's MQTT identity. */
export const SERVICE_SECRET_FILE = 'mqtt-service.secret';

/**
 * The password of the controller's own MQTT identity: the configured one, else the one
 * generated into `<dataDir>/mqtt-service.secret` on first start (owner-only), so tools
 * given that file keep working across restarts.
 */
export async function loadServicePassword(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured !== undefined) return configured;
  const path = join(dataDir, SERVICE_SECRET_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx' fails if the file exists, so two processes starting on one data dir agree on one password.
    await writeFile(path, `${newSecret()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  const password = (await readFile(path, 'utf8')).trim();
  if (password.length < 16) {
    throw new Error(`${path} holds no usable MQTT service password; delete it to generate a new one, or set MQTT_SERVICE_PASSWORD`);
  }
  return password;
}
