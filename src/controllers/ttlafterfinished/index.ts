export { TTLAfterFinishedController, needsCleanup, ttlTimeLeft } from './ttlafterfinished_controller';
