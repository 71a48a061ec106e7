export { ApiHost, type EventListener, type Handlers } from './host';
