import { chmod, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import Fastify from 'fastify';
import { AppError } from '@shared/api';
import type { AdminCommands } from './admin-commands';

/** The admin socket in a data directory: only its owner can reach it, so reaching it is the proof. */
export const adminSocketPath = (dataDir: string) => join(dataDir, 'admin.sock');

/** Serves the admin commands on a Unix socket for `npm run server -- invite|devices|revoke`. */
export async function listenAdminSocket(dataDir: string, admin: AdminCommands) {
  const path = adminSocketPath(dataDir);
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  app.setErrorHandler((error, _request, reply) =>
    error instanceof AppError
      ? reply.code(400).send({ error: error.toShape() })
      : reply.code(500).send({ error: { code: 'internal', message: 'The server could not do that.' } }),
  );
  app.post<{ Body: { name?: unknown; role?: unknown } }>('/invites', (r) =>
    admin.invite({ name: r.body?.name, role: r.body?.role }),
  );
  app.get('/devices', async () => ({ devices: await admin.devices() }));
  app.post('/audit/verify', () => admin.verifyAudit());
  app.post<{ Params: { id: string } }>('/devices/:id/revoke', (r) => admin.revoke(r.params.id));
  // A socket left by a killed run would refuse the listen.
  await rm(path, { force: true });
  await app.listen({ path });
  await chmod(path, 0o600);
  return { path, close: () => app.close() };
}

/** Sends one admin command to the instance running on `dataDir`. */
export function callAdminSocket(dataDir: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  return new Promise<unknown>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath: adminSocketPath(dataDir),
        method,
        path,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const json = JSON.parse(text || '{}') as { error?: { code: string; message: string } };
          if (json.error) reject(new AppError(json.error.code, json.error.message));
          else resolve(json);
        });
      },
    );
    req.on('error', () =>
      reject(
        new AppError(
          'server_not_running',
          `No Callpay Server is running on ${dataDir}: start it with "npm run server" (same --data-dir) first.`,
        ),
      ),
    );
    req.end(payload);
  });
}
