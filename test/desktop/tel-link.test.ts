import { describe, expect, it, vi } from 'vitest';
import { findTelArgument, parseTelUrl, TelLinkInbox } from '../../src-main/electron/tel-link';
import { setupSingleInstance, type InstanceApp } from '../../src-main/electron/single-instance';

describe('reading tel: links', () => {
  it.each([
    ['tel:+14155550100', '+14155550100'],
    ['tel:+1-415-555-0100', '+14155550100'],
    ['tel:+44 (20) 7946.0018', '+442079460018'],
    ['TEL:+442079460018', '+442079460018'],
    ['tel:%2B44%2020%207946%200018', '+442079460018'],
    ['tel://+4915123456789', '+4915123456789'],
  ])('reads %s as %s', (url, number) => {
    expect(parseTelUrl(url)).toEqual({ ok: true, number });
  });

  it.each([
    ['https://example.com', 'not a telephone link'],
    ['tel:020 7946 0018', 'no country code'],
    ['tel:+1415555;ext=12', 'extensions'],
    ['tel:7042;phone-context=example.com', 'extensions or local numbers'],
    ['tel:+0123456789', 'not a valid international number'],
    ['tel:+1234', 'not a valid international number'],
    ['tel:+1234567890123456', 'not a valid international number'],
    ['tel:+1415abc0100', 'not a valid international number'],
    ['tel:%E0%A4%A', 'garbled'],
    ['tel:', 'no country code'],
  ])('refuses %s with a reason', (url, reason) => {
    const link = parseTelUrl(url);
    expect(link.ok).toBe(false);
    if (!link.ok) expect(link.reason).toContain(reason);
  });

  it('finds the tel: argument among Chromium switches on a command line', () => {
    expect(findTelArgument(['/opt/Callpay/callpay', '--no-sandbox', 'tel:+14155550100'])).toBe(
      'tel:+14155550100',
    );
    expect(findTelArgument(['/opt/Callpay/callpay', '--hidden'])).toBeUndefined();
  });
});

describe('the tel: link inbox', () => {
  it('holds numbers until the phone can dial, then hands each over once', () => {
    const inbox = new TelLinkInbox(vi.fn());
    inbox.receive({ ok: true, number: '+14155550100' });
    const dial = vi.fn();
    inbox.onDial(dial);
    inbox.receive({ ok: true, number: '+442079460018' });
    expect(dial.mock.calls).toEqual([['+14155550100'], ['+442079460018']]);
  });

  it('explains a link it cannot dial instead of queueing it', () => {
    const refuse = vi.fn();
    const inbox = new TelLinkInbox(refuse);
    const dial = vi.fn();
    inbox.onDial(dial);
    inbox.receive(parseTelUrl('tel:020 7946 0018'));
    expect(dial).not.toHaveBeenCalled();
    expect(refuse).toHaveBeenCalledWith(expect.stringContaining('country code'));
  });
});

function fakeApp(gotLock: boolean) {
  const listeners = new Map<string, (...args: never[]) => void>();
  const app = {
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
    on: vi.fn((event: string, listener: (...args: never[]) => void) => listeners.set(event, listener)),
  };
  return { app: app as unknown as InstanceApp, raw: app, listeners };
}

describe('the single-instance lock', () => {
  it('quits a second launch at once, without touching windows or links', () => {
    const { app, raw } = fakeApp(false);
    const handlers = { focus: vi.fn(), openTel: vi.fn() };
    expect(setupSingleInstance(app, ['callpay', 'tel:+14155550100'], handlers)).toBe(false);
    expect(raw.quit).toHaveBeenCalled();
    expect(handlers.openTel).not.toHaveBeenCalled();
    expect(raw.on).not.toHaveBeenCalled();
  });

  it("focuses the first instance and hands it the second launch's tel: link", () => {
    const { app, listeners } = fakeApp(true);
    const handlers = { focus: vi.fn(), openTel: vi.fn() };
    expect(setupSingleInstance(app, ['callpay'], handlers)).toBe(true);
    expect(handlers.openTel).not.toHaveBeenCalled();
    const secondInstance = listeners.get('second-instance') as (e: unknown, argv: string[]) => void;
    secondInstance({}, ['callpay', '--flag', 'tel:+1 415 555 0100']);
    expect(handlers.focus).toHaveBeenCalledTimes(1);
    expect(handlers.openTel).toHaveBeenCalledWith({ ok: true, number: '+14155550100' });
  });

  it('takes macOS open-url links and a link the first launch itself was started with', () => {
    const { app, listeners } = fakeApp(true);
    const handlers = { focus: vi.fn(), openTel: vi.fn() };
    setupSingleInstance(app, ['callpay', 'tel:+442079460018'], handlers);
    const preventDefault = vi.fn();
    const openUrl = listeners.get('open-url') as (e: { preventDefault(): void }, url: string) => void;
    openUrl({ preventDefault }, 'tel:+14155550100');
    expect(preventDefault).toHaveBeenCalled();
    expect(handlers.openTel.mock.calls).toEqual([
      [{ ok: true, number: '+442079460018' }],
      [{ ok: true, number: '+14155550100' }],
    ]);
  });

  it('a second launch without a link only focuses the window', () => {
    const { app, listeners } = fakeApp(true);
    const handlers = { focus: vi.fn(), openTel: vi.fn() };
    setupSingleInstance(app, ['callpay'], handlers);
    (listeners.get('second-instance') as (e: unknown, argv: string[]) => void)({}, ['callpay']);
    expect(handlers.focus).toHaveBeenCalled();
    expect(handlers.openTel).not.toHaveBeenCalled();
  });
});
