/** The disruption controller (PodDisruptionBudget status) and the rules it is made of. */
export { DisruptionController } from './disruption_controller';
export { DELETION_TIMEOUT_MS, buildDisruptedPodMap, countHealthyPods, desiredStatus, failSafeStatus, scaledValueFromIntOrPercent } from './budget';
export { expectedPodCount, type ExpectedPods, type ScaleSources } from './expected_pods';
export { STALE_POD_DISRUPTION_TIMEOUT_MS, staleDisruptionCondition } from './stale_condition';
