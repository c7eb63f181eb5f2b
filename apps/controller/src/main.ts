import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { MqttGateway } from './mqtt/mqtt-gateway.js';
import { CONTROLLER_VERSION } from './version.js';

try {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  const broker = app.get(MqttGateway).describe();
  const lines = [
    `gantry controller ${CONTROLLER_VERSION} is up`,
    `  API       ${url}/api/v1`,
    `  docs      ${url}/api/docs`,
    `  health    ${url}/healthz   metrics ${url}/metrics`,
    broker.mode === 'embedded' ? `  MQTT      ${broker.tcpUrl} and ${url.replace(/^http/, 'ws')}${broker.wsPath}` : `  MQTT      external broker ${new URL(broker.url).host}`,
    `  database  ${config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL'}`,
  ];
  console.log(lines.join('\n'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`gantry controller: ${error.message}`);
    process.exit(78);
  }
  throw error;
}
