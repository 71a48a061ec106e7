// What outsiders may use of this folder: import it from here, not from its files.
export { controlRoutes } from './control-routes';
export {
  type ControlCall,
  type CustomerCallInput,
  type CustomerCallRouter,
  type SandboxControl,
  createControl,
} from './control';
export { settingsRoutes } from './settings-routes';
