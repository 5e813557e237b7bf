export { PVCProtectionController, podUsesPVC } from './pvc_protection_controller';
