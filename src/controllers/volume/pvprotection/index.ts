export { PVProtectionController } from './pv_protection_controller';
