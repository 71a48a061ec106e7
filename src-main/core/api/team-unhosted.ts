import { AppError } from '@shared/api';
import type { TeamLinkStatus } from '@shared/api';

/**
 * The team commands where no team link is hosted (browser mode, the server's own console): the
 * desktop's host answers them itself before anything reaches the core.
 */
export function teamUnhostedHandlers() {
  const unavailable = (): TeamLinkStatus => ({ state: 'unavailable' });
  return {
    'team.status': unavailable,
    'team.connect': (): TeamLinkStatus => {
      throw new AppError('team_unavailable', 'Connect to a team server from the Callpay desktop app.');
    },
    'team.disconnect': unavailable,
  };
}
