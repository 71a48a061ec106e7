export { RecordingGuard, type RecordingGuardDeps, type GuardedPayment } from './recording-guard';
export { recordingsApi, type RecordingsApi, type CallRecordingInfo } from './recordings-api';
export { recordedCallIns, recordingHandlers } from './handlers';
