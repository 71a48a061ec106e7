// One Callpay Server instance in a process of its own, for the two-instance latency: production runs
// each instance on its own CPU, not in the bench's event loop beside the other one and the devices.
// Started by team-parts.ts with its options as JSON in CALLPAY_BENCH_INSTANCE; prints one line of
// JSON when it listens, then answers each line on stdin ({ role, name }) with an invite's link.
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createLog } from '../../src-main/core/log';
import type { TeamServerOptions } from '../../src-main/server/team-server';
import { startTestServer } from '../server/helpers/team';

type Options = Partial<TeamServerOptions> & { logFile: string };
const { logFile, ...options } = JSON.parse(process.env.CALLPAY_BENCH_INSTANCE ?? '{}') as Options;
const server = await startTestServer({
  ...options,
  log: createLog({ level: 'info', destination: createWriteStream(logFile) }),
});
process.stdout.write(`${JSON.stringify({ url: server.url, webhooksUrl: server.core.webhooksUrl })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const { role, name } = JSON.parse(line) as { role: string; name: string };
  const { link } = await server.admin.invite({ name, role });
  process.stdout.write(`${JSON.stringify({ link })}\n`);
}
await server.close();
process.exit(0);
