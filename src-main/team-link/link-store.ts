import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/settings/atomic-file';

/** What the desktop remembers of its team server; the device credential itself is in the SecretStore. */
export const LinkRecord = z.object({
  version: z.literal(1),
  serverUrl: z.string(),
  user: z.object({ name: z.string(), role: z.string() }),
});
export type LinkRecord = z.infer<typeof LinkRecord>;

/** `team-link.json` in the data folder: present while this desktop works for a team server. */
export class LinkStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'team-link.json');
  }

  /** The saved link, or undefined when there is none (or it cannot be read: then the desktop works solo). */
  async read(): Promise<LinkRecord | undefined> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return LinkRecord.parse(JSON.parse(text));
    } catch {
      return undefined;
    }
  }

  save(record: Omit<LinkRecord, 'version'>): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify({ version: 1, ...record }, null, 2)}\n`);
  }

  clear(): Promise<void> {
    return rm(this.file, { force: true });
  }
}
