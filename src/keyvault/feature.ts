/**
 * `key-vault-secrets`: every secret read with the identity (read-secrets.ts says how), each
 * handed over as the step output NAME and, with export-secrets, the environment variable NAME.
 * Nothing is handed over unless every secret was read; each value was masked the moment it
 * arrived. The summary shows one row per secret: never a value.
 */
import type { Feature } from '../features/feature.js';
import { readKeyVaultSecrets } from './read-secrets.js';
import { secretLabel } from './secret-call.js';

export const feature: Feature = {
  name: 'Key Vault secrets',
  async run(inputs, token, ctx) {
    const { outputs, exports, read, summary } = await readKeyVaultSecrets(inputs, token, ctx);
    const count = outputs.length;
    return {
      outputs: outputs.map(({ name, value }) => [name, value] as const),
      exports: exports.map(({ name, value }) => [name, value] as const),
      log: [
        ...read.map(({ entry, version, contentType }) => {
          const details = [version && `version ${version.slice(0, 8)}`, contentType && `content type ${contentType}`].filter(Boolean);
          return `Read the secret ${secretLabel(entry)}${details.length > 0 ? ` (${details.join(', ')})` : ''} as ${entry.name}.`;
        }),
        `  handed over as ${count === 1 ? 'the step output' : `${count} step outputs`}${inputs.exportSecrets ? ' and environment variables' : ''} ` +
          'named as above (masked in logs).'
      ],
      summary: {
        rows: summary.map(({ name, secret, version, expires }) => [
          name,
          [secret, version && `version ${version}`, expires && `expires ${expires}`].filter(Boolean).join(', ')
        ])
      }
    };
  }
};
