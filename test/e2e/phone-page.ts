import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Sandbox } from '../../src-main/sandbox';

/** Drives the softphone region by accessible names, and reads the sandbox's far end. */
export class PhonePage {
  constructor(
    readonly page: Page,
    readonly sandbox: () => Sandbox,
  ) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Phone' });
  }
  button(name: string) {
    return this.region.getByRole('button', { name, exact: true });
  }
  registration() {
    return text(this.region.getByTestId('registration'));
  }
  phase() {
    return text(this.region.getByTestId('call-phase'));
  }
  notice() {
    return text(this.region.getByTestId('call-notice'));
  }

  /** What the customer on a sandbox leg hears: the agent's level and the keys the agent pressed. */
  async farEnd(callSid: string): Promise<{ hearingLevel: number; heardDigits: string; status: string }> {
    const res = await fetch(`${this.sandbox().url}/_sandbox/voice/calls/${callSid}`);
    return (await res.json()) as { hearingLevel: number; heardDigits: string; status: string };
  }

  async registered() {
    await expect.poll(() => this.registration(), { timeout: 15_000 }).toMatch(/^Registered/);
  }
}

/** A locator's text, or undefined at once when it is not on the page (a poll must not stall 30 s). */
export async function text(locator: Locator): Promise<string | undefined> {
  return (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? undefined) : undefined;
}
