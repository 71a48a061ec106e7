import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, Settings, type Settings as SettingsValue, type SettingsPatch } from '@shared/api';
import { SerialQueue, writeFileAtomic } from './atomic-file';

/** What happened when the settings file was read, for the agent to be told. */
export type LoadNotice = { kind: 'corrupt'; keptAs: string; reason: string };

/**
 * The settings file: JSON in the data folder, validated on read. A file that cannot be read as
 * valid settings is kept aside under a new name and defaults are used, so nothing is lost.
 */
export class SettingsStore {
  readonly #file: string;
  /** Frozen, and replaced whole on each change, so it is handed out as it is (read on every callback). */
  #value: SettingsValue = frozen(structuredClone(defaultSettings));
  #notice: LoadNotice | undefined;
  // Each update merges onto the one before it, so concurrent changes all land, in call order.
  readonly #writes = new SerialQueue();

  constructor(readonly dataDir: string) {
    this.#file = join(dataDir, 'settings.json');
  }

  get value(): Readonly<SettingsValue> {
    return this.#value;
  }

  get notice(): LoadNotice | undefined {
    return this.#notice;
  }

  async load(): Promise<SettingsValue> {
    await mkdir(this.dataDir, { recursive: true });
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.value;
      throw error;
    }
    const reason = parseProblem(text);
    if (reason === undefined) {
      this.#value = frozen(Settings.parse(JSON.parse(text)));
    } else {
      const keptAs = join(this.dataDir, `settings.corrupt-${Date.now()}.json`);
      await rename(this.#file, keptAs);
      this.#notice = { kind: 'corrupt', keptAs, reason };
    }
    return this.value;
  }

  /** Merges a change onto the current settings and saves them; memory changes only once the file has. */
  update(patch: SettingsPatch): Promise<SettingsValue> {
    return this.#writes.run(async () => {
      const next = Settings.parse({
        agentIdentity: patch.agentIdentity ?? this.#value.agentIdentity,
        twilio: { ...this.#value.twilio, ...patch.twilio },
        tunnel: { ...this.#value.tunnel, ...patch.tunnel },
        recordCalls: patch.recordCalls ?? this.#value.recordCalls,
        ...receiptsAfter(this.#value.receipts, patch.receipts),
      });
      await writeFileAtomic(this.#file, `${JSON.stringify(next, null, 2)}\n`);
      this.#value = frozen(next);
      return this.value;
    });
  }
}

/** The settings and every object in them, frozen: a reader cannot change what the next reader sees. */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** Receipt settings with a patch merged in; a `null` or an empty business name removes the value. */
function receiptsAfter(before: SettingsValue['receipts'], patch: SettingsPatch['receipts']) {
  if (!before && !patch) return {};
  const merged = Object.entries({ ...before, ...patch }).filter(([, v]) => v !== null && v !== '');
  return { receipts: Object.fromEntries(merged) };
}

function parseProblem(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'The settings file is not valid JSON.';
  }
  const result = Settings.safeParse(json);
  return result.success ? undefined : `The settings file has a bad value: ${result.error.issues[0]?.message}`;
}
