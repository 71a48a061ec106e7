import type { Notice } from '@shared/api';
import type { LoadNotice } from './settings-store';

/** What the console says when the settings file could not be used and was kept aside. */
export function keptAsideNotice(kept: LoadNotice | undefined): Notice | undefined {
  return (
    kept && {
      code: 'settings_kept_aside',
      message:
        `Callpay could not use its settings file (${kept.reason.replace(/\.$/, '')}), so it kept it as ` +
        `${kept.keptAs} and started with default settings, in sandbox mode. Enter your settings again, ` +
        'or restore them from that file.',
    }
  );
}
