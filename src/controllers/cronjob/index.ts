export { CronJobController } from './cronjob_controller';
export * from './utils';
