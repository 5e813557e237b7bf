export { PersistentVolumeController, PV_CLAIM_BINDER_SYNC_PERIOD_MS } from './pv_controller';
