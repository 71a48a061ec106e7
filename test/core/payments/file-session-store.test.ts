import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, reduceSession, StartPaymentArgs, type PaymentSession } from '@shared/payments';
import { FileSessionStore } from '../../../src-main/core/payments';
import { JOURNAL } from '../../../src-main/core/payments/file-session-store';
import { closedAfterEach } from '../../helpers/closed-after-each';
import { tempDir } from '../../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir('sessions-');
});
afterEach(() => dir.cleanup());
const tracked = closedAfterEach();
const storeAt = (path: string, now = () => NOW) => tracked(new FileSessionStore(path, now));

const NOW = Date.parse('2026-11-26T10:00:00.000Z');
function session(id: string, call = 'b', at = NOW): PaymentSession {
  const args = StartPaymentArgs.parse({ callSid: `CA${call.repeat(32)}`, amount: '10.00' });
  return createSession({ id, agent: 'maria', args, at: new Date(at).toISOString() });
}
const ended = (s: PaymentSession) => reduceSession(s, { type: 'call-ended', at: s.startedAt });

describe('FileSessionStore', () => {
  it('keeps sessions in an owner-only journal and reads the newest state back after a restart', async () => {
    const store = storeAt(dir.path);
    const s = session('s1');
    await store.save(s);
    const later = reduceSession(s, { type: 'started', paymentSid: `PK${'c'.repeat(32)}`, at: s.startedAt });
    await store.save(later);
    const loaded = await storeAt(dir.path).load();
    expect(loaded).toEqual([later]);
    if (process.platform !== 'win32') expect((await stat(join(dir.path, JOURNAL))).mode & 0o777).toBe(0o600);
    expect((await readdir(dir.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads a session file written before versions existed as version 0', async () => {
    const s = session('s1');
    const { version, ...before } = s;
    expect(version).toBe(0);
    await writeFile(join(dir.path, 's1.json'), JSON.stringify(before), { mode: 0o600 });
    expect(await storeAt(dir.path).load()).toEqual([s]);
  });

  it('lands saves of one session in the order they were made', async () => {
    const store = storeAt(dir.path);
    const s = session('s1');
    const states = Array.from({ length: 20 }, (_, i) => ({ ...s, message: `state ${i}` }));
    await Promise.all(states.map((x) => store.save(x)));
    const [loaded] = await storeAt(dir.path).load();
    expect(loaded?.message).toBe('state 19');
  });

  it('refuses a second open session on a call, and allows one once the first has ended', async () => {
    const store = storeAt(dir.path);
    await store.save(session('s1'));
    await expect(store.save(session('s2'))).rejects.toMatchObject({ code: 'session_open' });
    await store.save(ended(session('s1')));
    await expect(store.save(session('s2'))).resolves.toBeUndefined();
  });

  it('sets an unreadable file aside and removes a write cut short, loading the rest', async () => {
    const store = storeAt(dir.path);
    await store.save(session('s1'));
    await writeFile(join(dir.path, 's2.json'), '{"id":"s2", "pha');
    await writeFile(join(dir.path, 's1.json.123.tmp'), '{');
    const fresh = storeAt(dir.path);
    expect((await fresh.load()).map((s) => s.id)).toEqual(['s1']);
    expect(fresh.setAside).toEqual([join(dir.path, 's2.json.unreadable')]);
    expect((await readdir(dir.path)).sort()).toEqual([JOURNAL, 's2.json.unreadable']);
  });

  it('forgets finished sessions after a day but keeps open ones however old', async () => {
    const old = NOW - 2 * 24 * 60 * 60 * 1000;
    const store = storeAt(dir.path);
    await store.save(ended(session('done', 'd', old)));
    await store.save(session('open', 'e', old));
    expect((await storeAt(dir.path).load()).map((s) => s.id)).toEqual(['open']);
  });

  it('reads sessions an earlier version kept one file each, folds them into the journal and removes the files', async () => {
    const open = session('s1');
    const done = ended(session('s2', 'c'));
    await writeFile(join(dir.path, 's1.json'), JSON.stringify(open), { mode: 0o600 });
    await writeFile(join(dir.path, 's2.json'), JSON.stringify(done), { mode: 0o600 });
    const store = storeAt(dir.path);
    expect((await store.load()).map((s) => s.id).sort()).toEqual(['s1', 's2']);
    expect(await readdir(dir.path)).toEqual([JOURNAL]);
    // The folded-in open session still holds its call.
    await expect(store.save(session('s3'))).rejects.toMatchObject({ code: 'session_open' });
    expect((await storeAt(dir.path).load()).map((s) => s.id).sort()).toEqual(['s1', 's2']);
  });

  it('drops a last line cut short by a crash, sets a garbled line aside and keeps appending after them', async () => {
    const store = storeAt(dir.path);
    const s1 = session('s1');
    await store.save(s1);
    const journal = join(dir.path, JOURNAL);
    await writeFile(journal, `not a session\n${await readFile(journal, 'utf8')}{"id":"s2","pha`);
    const fresh = storeAt(dir.path);
    expect(await fresh.load()).toEqual([s1]);
    expect(fresh.setAside).toEqual([`${journal}.unreadable`]);
    expect(await readFile(`${journal}.unreadable`, 'utf8')).toBe('not a session\n');
    const s2 = session('s2', 'c');
    await fresh.save(s2);
    expect((await storeAt(dir.path).load()).map((s) => s.id)).toEqual(['s1', 's2']);
  });

  it('writes many sessions saved at once and reads every one back', async () => {
    const store = storeAt(dir.path);
    const distinct = Array.from({ length: 300 }, (_, i) => ({
      ...session(`s${i}`),
      callSid: `CA${String(i).padStart(32, '0')}`,
    }));
    await Promise.all(distinct.map((s) => store.save(s)));
    const loaded = await storeAt(dir.path).load();
    expect(loaded.map((s) => s.id).sort()).toEqual(distinct.map((s) => s.id).sort());
  });

  it('rewrites the journal once it is mostly old states, keeping each session newest', async () => {
    const store = storeAt(dir.path);
    const s = session('s1');
    const padding = 'x'.repeat(4000);
    for (let i = 0; i < 400; i++) await store.save({ ...s, message: `state ${i} ${padding}` });
    // 400 states of about 5 KB would be 2 MB; rewritten, the journal holds little more than the last.
    expect((await stat(join(dir.path, JOURNAL))).size).toBeLessThan(1024 * 1024);
    const [loaded] = await storeAt(dir.path).load();
    expect(loaded?.message.startsWith('state 399 ')).toBe(true);
    expect((await readdir(dir.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
