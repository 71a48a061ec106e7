// `npm run audit:verify -- --data-dir <folder>`: checks the audit log's chain and seals, prints one
// sentence, and exits 0 (intact and sealed), 1 (broken), 2 (could not check), 3 (seals not checked).
import { access, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { browserSecretStore } from '../settings/secret-store';
import { describeVerification, verifyAuditFile } from './chain';
import { errorMessage } from '@shared/api';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The audit key as browser mode or a store-less core kept it in the data folder, if either did. */
async function findKey(dataDir: string): Promise<Buffer | undefined> {
  if (await exists(join(dataDir, 'secrets.json'))) {
    const store = browserSecretStore(dataDir);
    if (await store.has('auditKey')) return Buffer.from((await store.get('auditKey'))!, 'base64');
  }
  const keyFile = join(dataDir, 'audit.key');
  return (await exists(keyFile)) ? readFile(keyFile) : undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: process.env.CALLPAY_DATA_DIR ?? join(homedir(), '.callpay') },
    },
  });
  const dataDir = resolve(values['data-dir']);
  const file = join(dataDir, 'audit.jsonl');
  if (!(await exists(file))) {
    console.error(`There is no audit log in ${dataDir} (no audit.jsonl). Check the --data-dir folder.`);
    return 2;
  }
  const key = await findKey(dataDir);
  const result = await verifyAuditFile(file, key);
  console.log(describeVerification(result));
  if (!result.ok) return 1;
  if (!result.sealChecked) {
    console.log(
      "The key is not in this folder (the desktop app keeps it in the system's protected store): " +
        'open Callpay to have it checked with its seals.',
    );
    return 3;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify: ${errorMessage(error)}`);
    process.exit(2);
  },
);
