/**
 * The key-vault-secrets feature as main.ts runs it: read every secret, then hand each over as a
 * step output (and, with export-secrets, an environment variable). Nothing is handed over unless
 * every secret was read; the values were masked the moment each arrived.
 */
import type { AccessToken } from '../types.js';
import { type KeyVaultContext, type KeyVaultInputs, type KeyVaultSummaryRow, readKeyVaultSecrets } from './read-secrets.js';
import { secretLabel } from './secret-call.js';

/** The side effects this feature has on the runner: `core.setOutput` and `core.exportVariable`. */
export interface KeyVaultHandOver {
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
}

/** Reads and hands over the secrets; returns the summary's rows (none when the input is empty). */
export async function run(
  inputs: KeyVaultInputs,
  token: AccessToken,
  ctx: KeyVaultContext,
  core: KeyVaultHandOver
): Promise<readonly KeyVaultSummaryRow[]> {
  if (inputs.keyVaultSecrets.length === 0) return [];
  const result = await readKeyVaultSecrets(inputs, token, ctx);
  for (const { name, value } of result.outputs) core.setOutput(name, value);
  for (const { name, value } of result.exports) core.exportVariable(name, value);
  for (const { entry, version, contentType } of result.read) {
    const details = [version && `version ${version.slice(0, 8)}`, contentType && `content type ${contentType}`].filter(Boolean).join(', ');
    ctx.log.info(`Read the secret ${secretLabel(entry)}${details ? ` (${details})` : ''} as ${entry.name}.`);
  }
  const count = result.outputs.length;
  ctx.log.info(
    `  handed over as ${count === 1 ? 'the step output' : `${count} step outputs`}${inputs.exportSecrets ? ' and environment variables' : ''} ` +
      'named as above (masked in logs).'
  );
  return result.summary;
}
