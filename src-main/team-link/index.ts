export { DesktopHost, type DesktopHostOptions } from './desktop-host';
export { LinkStore, type LinkRecord } from './link-store';
export { redeemInvite, type Redeemed } from './redeem';
export { REVOKE_UNREACHABLE, revokeOwnDevice, type RevokeAnswer } from './revoke';
export {
  REVOKED_MESSAGE,
  TeamLink,
  type LinkChange,
  type LinkState,
  type TeamLinkOptions,
} from './team-link';
