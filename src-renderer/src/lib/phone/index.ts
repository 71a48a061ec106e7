// What outsiders may use of this folder: import it from here, not from its files.
export { type AudioDevices, type AudioRole } from './audio-devices.svelte';
export { checkNumber } from './dial-number';
export { askToNotify } from './notify';
export { PhoneState } from './phone-state.svelte';
export { Readiness } from './readiness.svelte';
export { type Registration } from './registration.svelte';
