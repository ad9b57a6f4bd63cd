/**
 * Reading every secret `key-vault-secrets` names, all or nothing: one token per vault audience
 * from the same identity, every secret fetched at once (at most MAX_IN_FLIGHT requests at a
 * time), every failure collected, and the values handed back only when all of them were read.
 */
import { callWithRetries } from '../http/call.js';
import { ActionError, errorMessage } from '../text/errors.js';
import { inert } from '../text/inert.js';
import { isoSeconds } from '../text/time.js';
import type { Inputs } from '../inputs.js';
import type { VaultAudience } from '../inputs/key-vault-secrets.js';
import { getToken } from '../sources/choose.js';
import type { FeatureContext } from '../features/feature.js';
import type { AccessToken } from '../types.js';
import { secretCall, secretLabel, type VaultSecret } from './secret-call.js';
import { secretWarnings } from './warnings.js';

/** Well under Key Vault's 4,000 reads per 10 s, and enough that 20 secrets cost about one round trip more than one. */
export const MAX_IN_FLIGHT = 8;

type KeyVaultInputs = Pick<Inputs, 'source' | 'resource' | 'identity' | 'endpoint' | 'tenantId' | 'keyVaultSecrets' | 'exportSecrets'>;

export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

/** One row of the job summary. Never a value; every part has a checked form. */
interface KeyVaultSummaryRow {
  readonly name: string;
  /** `<vault>/<secret>`. */
  readonly secret: string;
  /** The first 8 characters of the version read; '' when the vault did not say. */
  readonly version: string;
  /** ISO 8601, when the secret has an expiry. */
  readonly expires: string | undefined;
}

interface KeyVaultResult {
  /** In the order of the input: each becomes the step output `name`. */
  readonly outputs: readonly NamedValue[];
  /** The same, when export-secrets is true; empty otherwise. */
  readonly exports: readonly NamedValue[];
  readonly summary: readonly KeyVaultSummaryRow[];
  /** What was read, for the log: `Read <vault>/<secret> (version …) as NAME`. */
  readonly read: readonly VaultSecret[];
}

export async function readKeyVaultSecrets(inputs: KeyVaultInputs, token: AccessToken, ctx: FeatureContext): Promise<KeyVaultResult> {
  const entries = inputs.keyVaultSecrets;
  const tokens = await vaultTokens(inputs, token, ctx);
  // Retries of secrets read side by side are logged under the secret's name, or they could not be told apart.
  const outcomes = await settledInPool(entries, MAX_IN_FLIGHT, (entry) =>
    callWithRetries(secretCall(entry, tokens.get(entry.audience)!, ctx.maskValue), {
      ...ctx,
      log: { ...ctx.log, info: (message) => ctx.log.info(`${secretLabel(entry)}: ${message}`) }
    })
  );

  const failed = outcomes.flatMap((outcome, index) =>
    outcome.status === 'rejected' ? [{ entry: entries[index]!, error: outcome.reason }] : []
  );
  const bug = failed.find(({ error }) => !(error instanceof ActionError));
  if (bug) throw bug.error;
  if (failed.length > 0) {
    throw new ActionError(
      `Could not read ${failed.length} of the ${entries.length} secrets of 'key-vault-secrets', so none was handed over:\n` +
        failed
          .map(
            ({ entry, error }) =>
              `- ${entry.name} (${secretLabel(entry)}, line ${entry.line}): ${errorMessage(error).replace(/\s*\n\s*/g, ' ')}`
          )
          .join('\n')
    );
  }

  const read = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<VaultSecret>).value);
  for (const secret of read) for (const warning of secretWarnings(secret, ctx.clock.now())) ctx.log.warning(warning);
  const outputs = read.map(({ entry, value }) => ({ name: entry.name, value }));
  return {
    outputs,
    exports: inputs.exportSecrets ? outputs : [],
    summary: read.map(({ entry, version, expires }) => ({
      name: entry.name,
      secret: `${entry.vault}/${entry.secret}`,
      version: inert(version.slice(0, 8), 8),
      expires: expires ? isoSeconds(expires) : undefined
    })),
    read
  };
}

/**
 * The audience comes from the vault hosts, not from the 'resource' input: Entra ID knows a Key
 * Vault audience only in its own cloud, so an unknown one means a vault of another cloud.
 */
const unknownResourceHint =
  "the vaults on 'key-vault-secrets' need it, and a managed identity gets tokens only for the Key Vault of its own cloud " +
  '(https://vault.azure.net in Azure, https://vault.usgovcloudapi.net in Azure Government, https://vault.azure.cn in Azure ' +
  'China): read a vault of another cloud with an identity of that cloud.';

/** Whether the user's own token already is for this vault audience, exactly (a trailing slash makes Key Vault refuse it). */
const isFor = (token: AccessToken, audience: VaultAudience): boolean => (token.audience || token.resource).toLowerCase() === audience;

/**
 * One token for each audience the entries need, from the identity and source that gave `token`;
 * each is masked as it arrives (getToken does) and handed to no one. The user's token is used
 * only where it is for that audience already: a token for another resource never goes to a vault.
 */
async function vaultTokens(inputs: KeyVaultInputs, token: AccessToken, ctx: FeatureContext): Promise<Map<VaultAudience, AccessToken>> {
  const tokens = new Map<VaultAudience, AccessToken>();
  for (const audience of new Set(inputs.keyVaultSecrets.map((entry) => entry.audience))) {
    if (isFor(token, audience)) {
      tokens.set(audience, token);
      continue;
    }
    ctx.log.info(`Getting a separate token for ${audience} to read the key vault secrets with (it is not handed over).`);
    try {
      tokens.set(audience, await getToken({ ...inputs, source: token.source, resource: audience, unknownResourceHint }, ctx));
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      throw new ActionError(
        `Could not read the secrets of 'key-vault-secrets': they need a token for ${audience}, and the identity did not get one. ${error.message}`
      );
    }
  }
  return tokens;
}

/** Runs `work` on every item, at most `limit` at a time, and waits for all of them whatever each comes to. */
export async function settledInPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index]!) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
