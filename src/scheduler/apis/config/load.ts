import { formatFieldError } from '../../../api/validation/errors';
import { IN_TREE_REGISTRY, type Registry } from '../../framework/runtime/registry';
import { unknownPluginError } from '../../framework/runtime/plugin_lists';
import { ConfigError } from './config_error';
import { decodeConfig } from './decode';
import { setDefaults } from './defaults';
import type { KubeSchedulerConfiguration } from './types';
import { validateConfiguration } from './validation';

/** What loadConfig throws, re-exported for its callers. */
export { ConfigError };

/**
 * kube-scheduler's `--config` handling: decode strictly, default, validate, and check that every
 * enabled plugin exists. Without text, the default configuration (one `default-scheduler` profile).
 * @throws ConfigError with upstream's message, naming the field (or the plugin) at fault.
 */
export function loadConfig(yamlText?: string, registry: Registry = IN_TREE_REGISTRY): KubeSchedulerConfiguration {
  const cfg = setDefaults(decodeConfig(yamlText ?? ''));
  const errs = validateConfiguration(cfg);
  if (errs.length > 0) throw ConfigError.aggregate(errs.map(formatFieldError));
  for (const p of cfg.profiles) {
    const msg = unknownPluginError(p, (n) => registry.has(n));
    if (msg) throw new ConfigError(`creating profile for scheduler name ${p.schedulerName}: ${msg}`);
  }
  return cfg;
}
