import { readFileSync } from 'node:fs';
const m = process.argv[2];
if (m) await import(m);
await new Promise(r=>setTimeout(r,300));
const s=readFileSync('/proc/self/status','utf8'); const g=(k)=>+s.match(new RegExp(k+':\\s+(\\d+)'))[1]/1024;
console.log((m||'bare').padEnd(22), 'rss', g('VmRSS').toFixed(1), 'anon', g('RssAnon').toFixed(1), 'heapUsed', (process.memoryUsage().heapUsed/2**20).toFixed(1), 'heapTotal', (process.memoryUsage().heapTotal/2**20).toFixed(1));
