import { createApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig(process.env);
const app = await createApp(config);
await app.listen(config.port, config.host);
console.log(`gantry controller listening on ${await app.getUrl()} (${config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL'})`);
