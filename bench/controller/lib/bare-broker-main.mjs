// The baseline broker: bare aedes (no authentication, no authorisation, no database, no
// handlers) on 127.0.0.1, in its own process. Prints `listening <port>` once it accepts.
// Plain JavaScript, run by node directly: the controller runs compiled, so the baseline must
// not carry tsx's transpiler in its memory either.
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

const broker = await Aedes.createBroker();
const server = createServer(broker.handle);
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address !== null ? address.port : 0}`);
});
const stop = () => {
  server.close();
  broker.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
