import { app } from 'electron';
import { createLog, type AppLog } from '../../core/log';
import { RotatingLogFile } from '../log-file';

/** The core's log, written to callpay.log in the platform's log folder and rotated by size. */
export function setupLogFile(): AppLog {
  return createLog({ destination: new RotatingLogFile(app.getPath('logs')) });
}
