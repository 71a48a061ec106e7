import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { callsRoutes } from './calls';
import type { CallStore } from './calls';
import type { SandboxControl } from './control';
import { controlRoutes } from './control';
import type { SandboxCredentials } from './credentials';
import { basicAuth } from './http';
import { installBrowserGuard, type AllowedOrigins } from './http';
import { installErrorHandling } from './http';
import { notFound } from './http';
import { accountRoute } from './setup';
import type { ResourceStore } from './setup';

export type SandboxLog = (event: string, fields?: Record<string, string | number | boolean>) => void;

/** What the Fastify app is built from. */
export interface AppParts {
  credentials: SandboxCredentials;
  calls: CallStore;
  resources: ResourceStore;
  control: SandboxControl;
  log: SandboxLog;
  /** Extra account-scoped REST routes (payments, setup), registered behind Basic auth. */
  accountRoutes: Array<(app: FastifyInstance) => Promise<void>>;
  /** Extra `/_sandbox` routes (switches, faults). */
  controlExtras: Array<(app: FastifyInstance) => Promise<void>>;
  /** Browser pages allowed to call the sandbox (the console's origin); other Origins are refused. */
  allowedOrigins: AllowedOrigins;
  /** Hooks on the root app before routes are registered (REST fault injection). */
  rootHooks: Array<(app: FastifyInstance) => void>;
}

/** The sandbox's Fastify app: Twilio's REST API under /2010-04-01 and the control API under /_sandbox. */
export function buildSandboxApp(parts: AppParts): FastifyInstance {
  // No Fastify logger: request bodies carry card digits' context and must never reach a log.
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 64 * 1024 });
  installErrorHandling(app, parts.log);
  installBrowserGuard(app, parts.allowedOrigins);
  // One line per request: method, route pattern and status only (never the URL's values or the body).
  app.addHook('onResponse', async (request, reply) => {
    parts.log('sandbox.request', {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
    });
  });
  void app.register(formbody);
  for (const hook of parts.rootHooks) hook(app);

  const { credentials, resources } = parts;
  const lookup = (username: string) => {
    if (username === credentials.accountSid) return credentials.authToken;
    if (username === credentials.apiKeySid) return credentials.apiKeySecret;
    return resources.keys.get(username)?.secret;
  };
  void app.register(accountRoute(credentials.accountSid, lookup, new Date()));
  void app.register(
    async (account) => {
      account.addHook('preHandler', basicAuth(credentials.accountSid, lookup));
      await account.register(callsRoutes(parts.calls));
      for (const routes of parts.accountRoutes) await account.register(routes);
      // Unknown resources under an account still authenticate first, as Twilio answers 401 before 404.
      account.all('/*', async (request) => {
        throw notFound(request.url.split('?')[0] ?? '');
      });
    },
    { prefix: '/2010-04-01/Accounts/:AccountSid' },
  );
  void app.register(
    async (control) => {
      await control.register(controlRoutes(parts.control));
      for (const routes of parts.controlExtras) await control.register(routes);
    },
    { prefix: '/_sandbox' },
  );
  return app;
}
