// A core in its own process, driven over IPC, so a test can SIGKILL it as a crash would.
// Live mode against a sandbox in the parent process; callbacks straight to a fixed receiver port.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import { fixedUrlProvider } from '../../src-main/core/tunnel';
import { memorySecrets } from './live-mode';

/** What the parent passes in CALLPAY_CORE_HOST (JSON). */
export interface CoreHostConfig {
  dataDir: string;
  restBaseUrl: string;
  authToken: string;
  webhookPort: number;
  /** The receiver's public URL (a gate in front of the port); the port itself when omitted. */
  publicUrl?: string;
  resultTimeoutMs: number;
}

const config = JSON.parse(process.env.CALLPAY_CORE_HOST ?? '{}') as CoreHostConfig;
const send = (message: unknown) => process.send?.(message);
const logFile = createWriteStream(join(config.dataDir, 'callpay.log'), { flags: 'a' });
const core = await createCore({
  dataDir: config.dataDir,
  version: '0.0.0-crash',
  log: createLog({ level: 'debug', destination: logFile }),
  liveRestBaseUrl: config.restBaseUrl,
  secrets: memorySecrets({ authToken: config.authToken }),
  webhookPort: config.webhookPort,
  tunnel: {
    provider: fixedUrlProvider(config.publicUrl ?? `http://127.0.0.1:${config.webhookPort}`),
    heartbeatMs: 500,
  },
  retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 80 },
  restTimeoutMs: 3_000,
  resultTimeoutMs: config.resultTimeoutMs,
});
core.api.subscribe((name, payload) => send({ event: name, payload }));
process.on('message', (message: { id: number; name: string; args: unknown } | 'stop') => {
  if (message === 'stop') {
    void core.stop().then(() => process.exit(0));
    return;
  }
  void core.api.dispatch(message.name, message.args).then((envelope) => send({ id: message.id, envelope }));
});
send({ ready: true });
