export { createCore } from './create-core';
export type { Core, CoreOptions } from './types';
