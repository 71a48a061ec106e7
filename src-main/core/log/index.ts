export { createLog, pickLogFields, silentLog, LOG_FIELDS, type AppLog, type LogFields } from './logger';
