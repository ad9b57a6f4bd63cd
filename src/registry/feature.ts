/**
 * `container-registry`: a password for the registry (registry.ts says how), handed over as the
 * step outputs `registry-username` and `registry-password`. The password was masked the moment
 * the registry's answer was read.
 */
import type { Feature, FeatureResult } from '../features/feature.js';
import { isoSeconds } from '../text/time.js';
import { ACR_TOKEN_USER_NAME, getRegistryPassword, type RegistryPassword } from './registry.js';

export const feature: Feature = {
  name: 'Registry password',
  async run(inputs, token, ctx) {
    const loginServer = inputs.containerRegistry;
    if (loginServer === undefined) throw new Error('The registry password was asked for without container-registry.');
    return issued(await getRegistryPassword(loginServer, inputs, token, ctx));
  },
  describeFailure: (message, inputs) => `not issued for ${inputs.containerRegistry}: ${message}`
};

/** What the step hands over and shows for a password the registry issued. */
export function issued({ loginServer, password, expiresOn, expiryStated }: RegistryPassword): FeatureResult {
  const expires = isoSeconds(expiresOn);
  return {
    outputs: [
      ['registry-username', ACR_TOKEN_USER_NAME],
      ['registry-password', password]
    ],
    log: [
      `Got a password for the container registry ${loginServer}.`,
      `  expires:  ${expiryStated ? expires : `about ${expires} (the registry did not say; its passwords last about 3 hours)`}`,
      "  handed over as the step outputs 'registry-username' and 'registry-password' (masked in logs)."
    ],
    summary: { rows: [['Registry password', `issued for ${loginServer}, expires ${expiryStated ? expires : `about ${expires}`}`]] }
  };
}
