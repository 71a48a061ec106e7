// A Callpay Server instance in its own process, driven over IPC, so a test can SIGKILL it as a
// crash would. Live mode against a sandbox in the parent process, on the parent's PostgreSQL.
import { startTeamServer } from '../../src-main/server/team-server';
import type { TwilioCredentials } from '../../src-main/server/credentials';

/** What the parent passes in CALLPAY_SERVER_HOST (JSON). */
export interface ServerHostConfig {
  dataDir: string;
  rendererDir: string;
  databaseUrl: string;
  auditKeyFile: string;
  credentials: TwilioCredentials;
  restBaseUrl: string;
  /** The balancer's address: Twilio's callbacks and the devices' links come through it. */
  publicUrl: string;
  webhookPort: number;
}

const config = JSON.parse(process.env.CALLPAY_SERVER_HOST ?? '{}') as ServerHostConfig;
const send = (message: unknown) => process.send?.(message);
const server = await startTeamServer({ ...config, host: '127.0.0.1', port: 0, version: '0.0.0-crash' });
// Payments need the public URL to answer the receiver's heartbeat first.
while (server.core.status().health.tunnel.state !== 'ok') await new Promise((r) => setTimeout(r, 20));
process.on('message', (message: { id: number; invite: { name: string; role: 'agent' } } | 'stop') => {
  if (message === 'stop') {
    void server.close().then(() => process.exit(0));
    return;
  }
  void server.admin.invite(message.invite).then(({ link }) => send({ id: message.id, link }));
});
send({ ready: true, port: server.port, webhooksUrl: server.core.webhooksUrl });
