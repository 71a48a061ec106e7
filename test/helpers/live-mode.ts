import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore } from '../../src-main/core/settings/secret-store';

/** A SecretStore held in memory: live mode's Auth Token for tests and tools, never written to disk. */
export function memorySecrets(values: Record<string, string>): SecretStore {
  return {
    protection: { level: 'os' },
    get: async (name) => values[name],
    has: async (name) => values[name] !== undefined,
    set: async (name, value) => void (values[name] = value),
    delete: async (name) => void delete values[name],
  };
}

/** The settings of an app in live mode against a (sandbox) account, its callbacks through localtunnel. */
export async function writeLiveSettings(dataDir: string, accountSid: string, agentIdentity: string) {
  await mkdir(dataDir, { recursive: true });
  await writeFile(
    join(dataDir, 'settings.json'),
    JSON.stringify({ agentIdentity, twilio: { accountSid }, tunnel: { provider: 'localtunnel' } }),
  );
}
