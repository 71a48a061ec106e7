// The laptop's core in a process of its own, as the desktop app runs it (in Electron's main process,
// built, beside the renderer's): the sandbox-mode core and the console's web server, nothing of the
// bench's. Bundled and started by laptop-cost.ts with its data directory in CALLPAY_BENCH_LAPTOP_DIR;
// prints one line of JSON when it listens, then answers each line on stdin with its own CPU time and
// resident memory, so the bench reads the core's cost and not its own.
import { createInterface } from 'node:readline';
import { createCore } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { startWebServer } from '../../src-main/web/server';

const dataDir = process.env.CALLPAY_BENCH_LAPTOP_DIR!;
const rendererDir = process.env.CALLPAY_BENCH_RENDERER_DIR!;
const web: { server?: Awaited<ReturnType<typeof startWebServer>> } = {};
const core = await createCore({
  dataDir,
  version: 'bench',
  log: createLog({ level: 'silent' }),
  secrets: browserSecretStore(dataDir),
  sandbox: { allowedOrigins: () => web.server?.origins ?? [] },
});
const server = await startWebServer({ host: core.api, rendererDir });
web.server = server;
process.stdout.write(
  `${JSON.stringify({ consoleUrl: server.consoleUrl, sandboxUrl: core.sandbox()!.url })}\n`,
);
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'usage') continue;
  const { user, system } = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ cpuMs: (user + system) / 1000, rss: process.memoryUsage().rss })}\n`,
  );
}
await server.close();
await core.stop();
process.exit(0);
