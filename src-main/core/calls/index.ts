export { callNews, statusRank, type CallBook, type CallNews } from './call-book';
export { callWiring, type CallWiring } from './call-wiring';
export { callsHandlers } from './handlers';
