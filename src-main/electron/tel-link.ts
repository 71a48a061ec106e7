import type { BrowserWindow } from 'electron';
import { E164 } from '@shared/domain/sids';
import type { ApiHost } from '../core/api/host';
import { bringToFront } from './window-behaviour';

/** A tel: link read as a number Callpay can dial, or the reason it cannot. */
export type TelLink = { ok: true; number: string } | { ok: false; reason: string };

const VISUAL_SEPARATORS = /[\s\-.()]/g;

/**
 * Reads a `tel:` URL (RFC 3966) as an E.164 number (the same rule as the caller ID setting).
 * Visual separators are dropped; parameters such as `;ext=` or `;phone-context=` are refused,
 * because a softphone cannot honour them and dialling without them would reach the wrong line.
 */
export function parseTelUrl(url: string): TelLink {
  const match = /^tel:(?:\/\/)?(.*)$/is.exec(url.trim());
  if (!match) return { ok: false, reason: 'That is not a telephone link.' };
  let body: string;
  try {
    body = decodeURIComponent(match[1]!);
  } catch {
    return { ok: false, reason: 'The telephone link is garbled.' };
  }
  if (body.includes(';')) {
    return { ok: false, reason: 'Callpay cannot dial extensions or local numbers from a link.' };
  }
  const number = body.replace(VISUAL_SEPARATORS, '');
  if (!number.startsWith('+')) {
    return { ok: false, reason: 'The number in the link has no country code (it must start with +).' };
  }
  if (!E164.safeParse(number).success) {
    return { ok: false, reason: 'The number in the link is not a valid international number.' };
  }
  return { ok: true, number };
}

/** The first `tel:` argument on a command line, if any (how Windows and Linux hand links over). */
export function findTelArgument(argv: readonly string[]): string | undefined {
  return argv.find((arg) => /^tel:/i.test(arg));
}

/**
 * Holds dialable numbers from tel: links until the phone is ready to take them, then hands each
 * over once; links that cannot be dialled go to `refuse` with their reason straight away.
 */
export class TelLinkInbox {
  #pending: string[] = [];
  #dial: ((number: string) => void) | undefined;

  constructor(private readonly refuse: (reason: string) => void) {}

  receive(link: TelLink) {
    if (!link.ok) return this.refuse(link.reason);
    if (this.#dial) this.#dial(link.number);
    else this.#pending.push(link.number);
  }

  /** Registers the phone's dial function and hands it every number that arrived before it. */
  onDial(dial: (number: string) => void) {
    this.#dial = dial;
    for (const number of this.#pending.splice(0)) dial(number);
  }
}

/** Hands numbers from tel: links to the softphone (`phone.dial`) once its page can listen. */
export function setupTelLinks(window: BrowserWindow | undefined, inbox: TelLinkInbox, api: ApiHost) {
  window?.webContents.once('did-finish-load', () =>
    inbox.onDial((number) => {
      bringToFront(window);
      api.emit('phone.dial', { number });
    }),
  );
}
