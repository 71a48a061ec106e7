import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { RawCarrier } from '@shared/api/contract';
import type { AppStatus } from '@shared/api/status';
import type { TeamLinkStatus } from '@shared/api/team';
import StatusBar from '../../src-renderer/src/components/StatusBar.svelte';
import { withTeamLink, type Connection } from '../../src-renderer/src/lib/api';
import { AppState } from '../../src-renderer/src/lib/app-state.svelte';
import { fakeApi } from './fake-api';

const sandbox: AppStatus = {
  mode: 'sandbox',
  version: '1.0.0',
  health: {
    webhooks: { state: 'ok', detail: '' },
    tunnel: { state: 'off', detail: '' },
    twilio: { state: 'ok', detail: '' },
  },
  urls: {},
};

/** The console over a desktop host whose team link the test moves with `team.link` events. */
async function consoleOverLink(first: TeamLinkStatus) {
  const fake = fakeApi({
    'app.status': () => sandbox,
    'settings.get': () => ({ agentIdentity: 'agent', twilio: {}, tunnel: { provider: 'localtunnel' } }),
    'team.status': () => first,
  });
  const carrier: RawCarrier = {
    invoke: async (name, args) => ({ ok: true, value: await fake.api.invoke(name as never, args as never) }),
    on: (name, listener) => fake.api.on(name as never, listener),
  };
  const client = withTeamLink(
    carrier,
    () => () => {},
    () => 'connected',
  );
  const seen: Connection[] = [];
  client.onConnection((state) => seen.push(state));
  const app = new AppState(client);
  await app.start();
  return { app, client, seen, fake };
}

describe('the console over a desktop linked to a team server', () => {
  it('says where the link stands, and reads state again each time it comes back', async () => {
    const { app, client, seen, fake } = await consoleOverLink({ state: 'connected', serverUrl: 'https://t' });
    render(StatusBar, { state: app });
    expect(screen.getByTestId('team-link').textContent).toBe('Team server: connected');

    fake.emit('team.link', { state: 'reconnecting', serverUrl: 'https://t' });
    flushSync();
    expect(screen.getByTestId('team-link').textContent).toBe('Team server: reconnecting…');
    // Nothing shown from the server is current while its link is down.
    expect(client.connection).toBe('reconnecting');
    expect(screen.getByTestId('mode').textContent).toBe('Not connected');

    const asked = fake.calls.filter((c) => c.name === 'app.status').length;
    fake.emit('team.link', { state: 'connected', serverUrl: 'https://t', resync: true });
    await expect.poll(() => fake.calls.filter((c) => c.name === 'app.status').length).toBe(asked + 1);
    expect(seen).toEqual(['reconnecting', 'connected']);
    expect(screen.getByTestId('team-link').textContent).toBe('Team server: connected');
  });

  it('says plainly when the server refused the device, and nothing at all when working solo', async () => {
    const { app, fake } = await consoleOverLink({ state: 'off' });
    render(StatusBar, { state: app });
    expect(screen.queryByTestId('team-link')).toBeNull();
    fake.emit('team.link', { state: 'refused', serverUrl: 'https://t', message: 'revoked' });
    flushSync();
    const item = screen.getByTestId('team-link');
    expect(item.textContent).toBe('Team server: refused (device revoked)');
    expect(item.getAttribute('role')).toBe('alert');
  });
});
