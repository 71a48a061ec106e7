import { randomUUID } from 'node:crypto';
import type { AppStatus } from '@shared/api';
import { ApiHost } from '../api';
import { callWiring } from '../calls';
import { createLog } from '../log';
import { callEndedAt } from '../payments';
import { openedSession } from '../saved-cards';
import { keptAsideNotice, lockDataDir, SettingsStore } from '../settings';
import { apiTable } from './api-table';
import { paymentServices } from './payment-services';
import { phoneAndConnection } from './phone-and-connection';
import { startReceiver } from './receiver';
import { openRecords } from './records';
import type { Core, CoreOptions } from './types';

/**
 * The composition root: builds each part in turn, wires them together and hands the AppApi to a
 * host (the desktop's IPC, browser mode's WebSocket, Callpay Server). It decides nothing itself;
 * each part's rules live in its own folder. Parts built later are reached through `() => part`.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  // First: a second process on this folder would fork the audit chain and race the settings.
  const lock = await lockDataDir(options.dataDir);
  const settings = new SettingsStore(options.dataDir);
  await settings.load();
  const log = options.log ?? createLog();
  let composed = false;
  const records = await openRecords(options, log, () => composed && emit('app.status', status()));
  const { audit, vault, history } = records;
  const notice = keptAsideNotice(settings.notice);
  const instanceId = options.receiverId ?? randomUUID();
  const emit: ApiHost['emit'] = (name, payload) => api.emit(name, payload);
  const calls = callWiring({
    emit,
    mode: () => connection.current()?.mode,
    listCalls: () => connection.current()?.control()?.listCalls(),
    callBook: options.callBook,
    client: () => connection.current()?.client(),
    quietCalls: options.quietCalls,
    now: options.clock,
    log,
  });
  const parts = { options, settings, log, emit, connection: () => connection, phone: () => phone };
  const services = paymentServices({ ...parts, records });
  const { payments } = services;
  const receiver = await startReceiver({ ...parts, services, calls, instanceId });
  const { phone, phoneHandlers, connection } = phoneAndConnection({
    ...parts,
    receiver,
    instanceId,
    services,
    calls,
    api: () => api,
    status: () => status(),
  });
  const api = new ApiHost(
    apiTable({ options, settings, records, services, calls, connection, phone, phoneHandlers, emit, status }),
  );
  // The connection's health, with the audit log's and anything the console must be told.
  function status(): AppStatus {
    const current = connection.status();
    const health = { ...current.health, audit: audit.health() };
    return { ...current, health, ...(notice ? { notices: [notice] } : {}) };
  }
  await connection.reconnect();
  await payments.restore(callEndedAt(() => connection.client()));
  composed = true;

  return {
    api,
    settingsNotice: settings.notice,
    payments,
    audit,
    history,
    phone,
    webhooksUrl: receiver.url,
    status,
    callsChanged: calls.changed,
    openSession: (session) => openedSession(session, vault),
    sandbox: () => connection.current()?.sandbox(),
    secretsChanged: () => connection.secretsChanged(),
    stop: async () => {
      await connection.stop();
      calls.stop();
      await receiver.close();
      await payments.close();
      await audit.flush();
      await history.close();
      await audit.close();
      await lock.release();
    },
  };
}
