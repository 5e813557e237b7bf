import * as fs from 'node:fs';
import * as path from 'node:path';
import { After, BeforeStep } from '@cucumber/cucumber';
import type { KubespecWorld } from './world';

/**
 * Tells the driver where the current step is (file, line, doc string line), so that a mistake in
 * a manifest or argument is reported against the user's feature file.
 */
BeforeStep(function (this: KubespecWorld, { pickle, pickleStep, gherkinDocument }) {
  const astId = pickleStep.astNodeIds[0];
  const steps = [
    ...(gherkinDocument.feature?.children ?? []).flatMap((c) => [
      ...(c.background?.steps ?? []),
      ...(c.scenario?.steps ?? []),
      ...(c.rule?.children ?? []).flatMap((r) => [...(r.background?.steps ?? []), ...(r.scenario?.steps ?? [])]),
    ]),
  ];
  const s = steps.find((x) => x.id === astId);
  const doc = s?.docString?.location;
  this.driver.pos = { uri: pickle.uri, line: s?.location.line ?? 0, docStringLine: doc?.line, docStringColumn: doc?.column };
});

/**
 * Stops the scenario's cluster; with KUBESPEC_EVENT_LOG_DIR set, also writes its event log there
 * (one file per scenario) — the determinism test compares two runs' logs byte for byte.
 */
After(function (this: KubespecWorld, { pickle, gherkinDocument }) {
  const dir = process.env.KUBESPEC_EVENT_LOG_DIR;
  if (dir && this.driver.started) {
    fs.mkdirSync(dir, { recursive: true });
    const children = (gherkinDocument.feature?.children ?? []).flatMap((c) => [c, ...(c.rule?.children ?? [])]);
    const scenario = children.find((c) => c.scenario && pickle.astNodeIds.includes(c.scenario.id))?.scenario;
    const line = scenario?.location.line ?? 0;
    const example = (scenario?.examples ?? []).flatMap((e) => e.tableBody).find((r) => pickle.astNodeIds.includes(r.id));
    const file = `${pickle.uri.replace(/[\\/]/g, '__')}_${line}${example ? `_${example.location.line}` : ''}.ndjson`;
    fs.writeFileSync(path.join(dir, file), this.driver.eventLog() + '\n');
  }
  this.driver.stop();
});
