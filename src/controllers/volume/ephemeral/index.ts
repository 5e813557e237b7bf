export { EphemeralVolumeController } from './ephemeral_controller';
