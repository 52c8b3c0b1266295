import { parseArgs } from 'node:util';
import { createBalancer } from '../balancer.js';

const USAGE = `Usage: npm run tthc -- balance --to http://127.0.0.1:3991,http://127.0.0.1:3992 [--port 3990] [--host 0.0.0.0]
  A round-robin reverse proxy in front of several app processes sharing one PostgreSQL
  database (a city deployment trial). Health: GET /readyz every second; a process that stops
  answering is taken out and comes back when healthy. A request a process refused is sent to
  another; one it received and did not answer gets 502 (never replayed). WebSockets and event
  streams pass through. For production, use the city's own load balancer.
`;

/** `balance`: runs the trial balancer until SIGINT/SIGTERM. Exit 2 on usage errors. */
export async function run(args: string[]): Promise<number> {
  let values: { to?: string; port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { to: { type: 'string' }, port: { type: 'string', default: '3990' }, host: { type: 'string', default: '0.0.0.0' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`balance: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const backends = (values.to ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const port = Number(values.port);
  if (backends.length === 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`balance: --to needs one or more backend URLs and --port a port number.\n\n${USAGE}`);
    return 2;
  }
  let balancer;
  try {
    balancer = createBalancer({ backends, log: (level, message, data) => process.stderr.write(`${level}: ${message} ${JSON.stringify(data ?? {})}\n`) });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  await balancer.checkHealth();
  const bound = await balancer.listen(port, values.host);
  process.stdout.write(`balancing http://${values.host}:${bound} over ${backends.join(', ')}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await balancer.close();
  return 0;
}
