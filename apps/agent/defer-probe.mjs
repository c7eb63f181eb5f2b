import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const dockerodeDir = require.resolve('dockerode');
const r2 = createRequire(dockerodeDir);
const modemMain = r2.resolve('docker-modem');
for (const p of [r2.resolve('./session.js'), createRequire(modemMain).resolve('./ssh.js')]) {
  const m = new (require('node:module'))(p); m.filename = p; m.loaded = true; m.exports = function(){ throw new Error('x'); };
  require.cache[p] = m;
}
const D = require('dockerode');
const d = new D({socketPath:'/var/run/docker.sock'});
await d.version();
await new Promise(r=>setTimeout(r,300));
const s=readFileSync('/proc/self/status','utf8'); const g=(k)=>+s.match(new RegExp(k+':\\s+(\\d+)'))[1]/1024;
console.log('rss', g('VmRSS').toFixed(1), 'anon', g('RssAnon').toFixed(1), Object.keys(require.cache).filter(k=>/ssh2|grpc|protobuf/.test(k)).length);
