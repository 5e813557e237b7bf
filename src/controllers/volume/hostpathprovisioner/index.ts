export { HostPathProvisioner, HOSTPATH_PROVISIONER, newVolume, volumeNameFor } from './hostpath_provisioner';
