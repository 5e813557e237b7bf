export { DeploymentController } from './deployment_controller';
export * from './deployment_util';
