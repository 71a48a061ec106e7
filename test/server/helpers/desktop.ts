import { join } from 'node:path';
import { createCore } from '../../../src-main/core/compose';
import { browserSecretStore } from '../../../src-main/core/settings/secret-store';
import { DesktopHost } from '../../../src-main/team-link';
import type { PaymentSession } from '@shared/payments';
import type { TeamLinkStatus } from '@shared/api/team';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

/**
 * A desktop's main process without Electron: the DesktopHost over its own data folder, starting
 * solo (its own sandbox core), with every frame its team link received kept for inspection.
 */
export async function startTestDesktop(label = 'Test desktop') {
  const dir = await tempDir('desktop-');
  const dataDir = join(dir.path, 'data');
  const secrets = browserSecretStore(dataDir);
  const frames: string[] = [];
  const sessions: PaymentSession[] = [];
  const links: TeamLinkStatus[] = [];
  const host = await DesktopHost.start({
    dataDir,
    secrets,
    deviceLabel: label,
    startCore: () =>
      createCore({
        dataDir: join(dataDir, 'core'),
        version: '0.0.0-test',
        secrets,
        sandbox: { timeScale: 0.02 },
      }),
    link: { backoff: { initialMs: 50, maxMs: 300 }, onFrame: (text) => frames.push(text) },
  });
  host.subscribe((name, payload) => {
    if (name === 'payments.session') sessions.push(payload as PaymentSession);
    if (name === 'team.link') links.push(payload as TeamLinkStatus);
  });
  const invoke = async (name: string, args: unknown = {}) => {
    const envelope = await host.dispatch(name, args);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
    return envelope.value;
  };
  return {
    host,
    dataDir,
    frames,
    sessions,
    links,
    invoke,
    /** Waits for the link to reach `state`. */
    linkState: (state: TeamLinkStatus['state'], timeoutMs = 15_000) =>
      waitFor(() => host.teamStatus.state === state, timeoutMs, `team link ${state}`),
    /** Waits for a session event matching `check` (from index `since` on). */
    until: (check: (s: PaymentSession) => boolean, what: string, since = 0, timeoutMs = 15_000) =>
      waitFor(() => sessions.slice(since).reverse().find(check), timeoutMs, what),
    close: async () => {
      await host.stop();
      await dir.cleanup();
    },
  };
}
