import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_OUTPUT } from '../helpers/temp-dir';

/** The two window sizes every changed screen is looked at in: a small laptop and a desktop monitor. */
export const SCREEN_SIZES = [
  { width: 1024, height: 640 },
  { width: 1920, height: 1080 },
] as const;

/** Screenshots the page at both sizes (name-1024x640.png, name-1920x1080.png), then restores its size. */
export async function shotBoth(page: Page, name: string) {
  const before = page.viewportSize();
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: join(TEST_OUTPUT, 'screenshots', `${name}-${size.width}x${size.height}.png`),
    });
  }
  if (before) await page.setViewportSize(before);
}
