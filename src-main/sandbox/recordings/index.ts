export { RecordingStore, recordedSeconds } from './recording-store';
export type { RecordingRecord, RecordingInterval, RecordingFaults, PauseBehavior } from './recording-store';
export { recordingJson, recordingTimeline } from './recording-json';
export { recordingsRoutes } from './recordings-routes';
export { recordingsControl } from './recordings-control';
