import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src-main/sandbox';
import { freePort } from '../../helpers/core-process';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../helpers/round-robin-proxy';
import { tempDir } from '../../helpers/temp-dir';
import { freshDatabase, type TestDatabase } from './databases';
import { startTestServer } from './team';

type Instance = Awaited<ReturnType<typeof startTestServer>>;

/** One team on two instances: a PostgreSQL database, the standalone sandbox as "Twilio", our balancer. */
export interface TwoInstances {
  database: TestDatabase;
  sandbox: Sandbox;
  proxy: RoundRobinProxy;
  a: Instance;
  b: Instance;
  close(): Promise<void>;
}

/**
 * Starts two instances of one team: one database, one audit key, one public URL (the balancer) for
 * Twilio; `rendererDir` serves the built console instead of a one-page stand-in.
 */
export async function startTwoInstances(
  options: { sandbox?: SandboxOptions; rendererDir?: string } = {},
): Promise<TwoInstances> {
  const database = await freshDatabase('postgres');
  const sandbox = await startSandbox(options.sandbox);
  const proxy = await startRoundRobinProxy();
  const keys = await tempDir('team-key-');
  const auditKeyFile = join(keys.path, 'audit.key');
  await writeFile(auditKeyFile, randomBytes(32), { mode: 0o600 });
  const shared = {
    databaseUrl: database.url,
    auditKeyFile,
    credentials: sandbox.credentials,
    restBaseUrl: sandbox.url,
    publicUrl: proxy.url,
    ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
  };
  const ports = [await freePort(), await freePort()];
  // The balancer knows its instances before they start: their first heartbeat goes through it.
  proxy.targets = ports.map((port) => `http://127.0.0.1:${port}`);
  const a = await startTestServer({ ...shared, webhookPort: ports[0]! });
  const b = await startTestServer({ ...shared, webhookPort: ports[1]! });
  return {
    database,
    sandbox,
    proxy,
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await proxy.close();
      await sandbox.close();
      await keys.cleanup();
      await database.drop();
    },
  };
}
