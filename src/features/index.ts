/**
 * The features, in the order they run, each loaded only when the inputs ask for it: a step that
 * asks for none loads none of their code. Adding one is a folder of its own with a `feature.ts`
 * exporting `feature` (src/features/feature.ts says what it is), its inputs in src/inputs.ts,
 * and one line here.
 */
import type { FeatureEntry } from './feature.js';

export const FEATURES: readonly FeatureEntry[] = [
  { wanted: (inputs) => inputs.containerRegistry !== undefined, load: () => import('../registry/feature.js') },
  { wanted: (inputs) => inputs.verify, load: () => import('../verify/feature.js') },
  { wanted: (inputs) => inputs.keyVaultSecrets.length > 0, load: () => import('../keyvault/feature.js') }
];
