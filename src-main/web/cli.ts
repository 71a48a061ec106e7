import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core/compose';
import { printUrls } from '../core/banner';
import { browserSecretStore } from '../core/settings/secret-store';
import { DesktopHost } from '../team-link';
import { startWebServer } from './server';
import { errorMessage } from '@shared/api';

const root = resolve(import.meta.dirname, '../..');

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string', default: process.env.CALLPAY_DATA_DIR ?? join(homedir(), '.callpay') },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  return { port, dataDir: resolve(values['data-dir']) };
}

async function main() {
  const { port, dataDir } = options();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  // The sandbox lets in only the console's page, whose port is known once the server listens.
  let consoleOrigins: readonly string[] = [];
  const secrets = browserSecretStore(dataDir);
  // As the desktop's main process: its own core, or (Settings › Team server) a relay to a team server.
  const host = await DesktopHost.start({
    dataDir,
    secrets,
    startCore: async () => {
      const core = await createCore({
        dataDir,
        version,
        secrets,
        sandbox: { allowedOrigins: () => consoleOrigins },
      });
      if (core.settingsNotice) {
        console.warn(`settings: ${core.settingsNotice.reason} It was kept as ${core.settingsNotice.keptAs}.`);
      }
      return core;
    },
  });
  const server = await startWebServer({ host, rendererDir: join(root, 'out/renderer'), port });
  consoleOrigins = server.origins;
  console.log(`console: ${server.consoleUrl}`);
  const core = host.core();
  if (core) printUrls(core);
  else console.log(`team server: ${host.teamStatus.serverUrl}`);
  const stop = async () => {
    await server.close();
    await host.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`callpay: ${errorMessage(error)}`);
  process.exit(1);
});
