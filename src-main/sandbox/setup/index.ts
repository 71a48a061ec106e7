// What outsiders may use of this folder: import it from here, not from its files.
export { accountRoute } from './account-route';
export { type ApplicationRecord, type KeyRecord, type NumberRecord, ResourceStore } from './resource-store';
export { setupRoutes } from './setup-routes';
