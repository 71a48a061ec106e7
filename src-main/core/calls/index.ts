export { callNews, statusRank, type CallBook, type CallNews } from './call-book';
export { callWiring, type CallWiring, type QuietCallCheck } from './call-wiring';
export { callsHandlers } from './handlers';
