/**
 * The `key-vault-secrets` input: one secret per line, checked whole before any request. A line is
 * `<vault>/<secret>[/<version>]` or the secret identifier the portal shows,
 * `https://<vault-host>/secrets/<secret>[/<version>]`, optionally followed by `> NAME`.
 *
 * The vault host decides where the token goes, so it is the one part checked hardest: a vault
 * name, or a host under one of the three Key Vault domains, over https:// on its default port,
 * with nothing that could carry the request elsewhere (user info, a port, a query, a fragment).
 * This replaces the host check the Azure SDKs make on Key Vault's challenge, which the action
 * skips by sending the token on the first request (../../shared/azure-key-vault.md §3).
 */
import { withoutCredentials } from '../http/endpoint-url.js';
import { ActionError } from '../text/errors.js';
import { inert } from '../text/inert.js';
import { STEERING_VARIABLE, STEERING_VARIABLE_EXAMPLES, VARIABLE_NAME } from '../text/shapes.js';

/** Key Vault's domain in each cloud, and the audience its tokens need: exactly so, no trailing slash. */
export const VAULT_CLOUDS = [
  { cloud: 'Azure', suffix: 'vault.azure.net', audience: 'https://vault.azure.net', privateDnsZone: 'privatelink.vaultcore.azure.net' },
  {
    cloud: 'Azure Government',
    suffix: 'vault.usgovcloudapi.net',
    audience: 'https://vault.usgovcloudapi.net',
    privateDnsZone: 'privatelink.vaultcore.usgovcloudapi.net'
  },
  { cloud: 'Azure China', suffix: 'vault.azure.cn', audience: 'https://vault.azure.cn', privateDnsZone: 'privatelink.vaultcore.azure.cn' }
] as const;
type VaultCloud = (typeof VAULT_CLOUDS)[number];
export type VaultAudience = VaultCloud['audience'];

/** The cloud of a vault host that passed the parser. */
export const cloudOf = (vaultHost: string): VaultCloud => VAULT_CLOUDS.find(({ suffix }) => vaultHost.endsWith(`.${suffix}`))!;

export interface KeyVaultEntry {
  /** The line of the input it came from, counting from 1 (blank lines and comments included). */
  readonly line: number;
  /** The vault's name, lower case: the first label of its host. */
  readonly vault: string;
  /** The vault's host, lower case: `<vault>.vault.azure.net` or a sovereign cloud's. */
  readonly vaultHost: string;
  /** As written (Key Vault compares secret names ignoring case). */
  readonly secret: string;
  /** 32 hexadecimal characters, lower case; undefined: the latest version. */
  readonly version: string | undefined;
  /** The step output (and, with export-secrets, environment variable) the value is handed over as. */
  readonly name: string;
  /** The token audience of the vault's cloud. */
  readonly audience: VaultAudience;
}

/**
 * Every output action.yml declares: a secret's NAME may be none of them (compared ignoring case).
 * A test holds this list to action.yml.
 */
export const ACTION_OUTPUTS = [
  'access-token',
  'expires-on',
  'token-type',
  'resource',
  'client-id',
  'object-id',
  'tenant-id',
  'identity-resource-id',
  'source',
  'subscription-id',
  'resource-group',
  'vm-name',
  'vm-id',
  'vm-resource-id',
  'location',
  'azure-environment',
  'registry-username',
  'registry-password'
] as const;

export const MAX_KEY_VAULT_SECRETS = 100;

const INPUT = "Input 'key-vault-secrets'";
const VAULT_NAME = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{1,22}[A-Za-z0-9]$/;
const SECRET_NAME = /^[A-Za-z0-9-]{1,127}$/;
const VERSION = /^[0-9a-f]{32}$/i;

const LINE_FORM =
  '<vault>/<secret>[/<version>] or https://<vault>.vault.azure.net/secrets/<secret>[/<version>] ' +
  "(.vault.usgovcloudapi.net, .vault.azure.cn in the sovereign clouds), optionally followed by '> NAME'";
const VAULT_FORM = "3–24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, without '--'";
const SECRET_FORM = '1–127 letters, digits and hyphens';
const VERSION_FORM = '32 hexadecimal characters, as the secret identifier in the portal shows it (leave it out for the latest version)';
const NAME_FORM = 'letters, digits and _, not starting with a digit';
const URL_FORM = 'https://<vault-host>/secrets/<secret>[/<version>] without port, user name, query or fragment';
const HOSTS = VAULT_CLOUDS.map(({ suffix }) => `<vault>.${suffix}`).join(', ');

/** What the user wrote, short, on one line, without credentials and inert like any text from outside. */
const quote = (raw: string): string => `'${inert(withoutCredentials(raw).replace(/\s+/g, ' '), 80)}'`;

/** `db-password` → `DB_PASSWORD`; `1password` → `_1PASSWORD`. */
export const defaultName = (secret: string): string =>
  secret
    .toUpperCase()
    .replace(/-/g, '_')
    .replace(/^(?=\d)/, '_');

interface Parsed {
  readonly ref: string;
  readonly entry: KeyVaultEntry;
}

/**
 * The entries of `key-vault-secrets`, or one ActionError listing every problem, each naming the
 * input, the line and the form it accepts. `exportSecrets`: the names are also environment
 * variables, so the names export-variable refuses are refused here too.
 */
export function parseKeyVaultSecrets(
  raw: string,
  { exportSecrets = false, exportVariable }: { exportSecrets?: boolean; exportVariable?: string | undefined } = {}
): readonly KeyVaultEntry[] {
  const problems: string[] = [];
  const parsed: Parsed[] = [];
  const lines = raw.split(/\r?\n/);
  const entries = lines
    .map((text, index) => ({ text: text.trim(), line: index + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'));
  if (entries.length > MAX_KEY_VAULT_SECRETS) {
    throw new ActionError(
      `${INPUT} has ${entries.length} entries; it takes at most ${MAX_KEY_VAULT_SECRETS}, one per line (${LINE_FORM}). ` +
        'Read the others in another step.'
    );
  }
  for (const { text, line } of entries) {
    try {
      parsed.push(parseLine(text, line));
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      problems.push(error.message);
    }
  }
  problems.push(...nameProblems(parsed, exportSecrets, exportSecrets ? exportVariable : undefined));
  if (problems.length > 0) throw new ActionError(problems.join('\n'));
  return parsed.map(({ entry }) => entry);
}

function parseLine(text: string, line: number): Parsed {
  const at = `${INPUT} line ${line}`;
  const arrow = text.indexOf('>');
  const ref = (arrow < 0 ? text : text.slice(0, arrow)).trim();
  const given = arrow < 0 ? undefined : text.slice(arrow + 1).trim();
  const target = /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ? fromUrl(ref, at) : fromShortForm(ref, at);
  if (!SECRET_NAME.test(target.secret)) {
    throw new ActionError(`${at} names the secret ${quote(target.secret)}, which is not a secret name: ${SECRET_FORM}.`);
  }
  if (target.version !== undefined && !VERSION.test(target.version)) {
    throw new ActionError(`${at} names the version ${quote(target.version)}, which is not a secret version: ${VERSION_FORM}.`);
  }
  if (given !== undefined && !VARIABLE_NAME.test(given)) {
    throw new ActionError(`${at} gives the name ${quote(given)} after '>', which is not a name for a step output: ${NAME_FORM}.`);
  }
  const cloud = cloudOf(target.host);
  return {
    ref,
    entry: {
      line,
      vault: target.host.slice(0, -cloud.suffix.length - 1),
      vaultHost: target.host,
      secret: target.secret,
      version: target.version?.toLowerCase(),
      name: given ?? defaultName(target.secret),
      audience: cloud.audience
    }
  };
}

interface Target {
  readonly host: string;
  readonly secret: string;
  readonly version: string | undefined;
}

function fromShortForm(ref: string, at: string): Target {
  const parts = /^([^/\s]+)\/([^/\s]+)(?:\/([^/\s]+))?$/.exec(ref);
  if (!parts) throw new ActionError(`${at} must be ${LINE_FORM}; got ${quote(ref)}.`);
  const [, vault, secret, version] = parts as unknown as [string, string, string, string | undefined];
  if (vault.includes('.')) {
    throw new ActionError(
      `${at} names the vault ${quote(vault)}, which is an address without https://: give the vault's name alone ` +
        `(<vault>/<secret>), or the whole secret identifier, https://<vault-host>/secrets/<secret>[/<version>].`
    );
  }
  if (!VAULT_NAME.test(vault)) throw new ActionError(`${at} names the vault ${quote(vault)}, which is not a vault name: ${VAULT_FORM}.`);
  return { host: `${vault.toLowerCase()}.${VAULT_CLOUDS[0].suffix}`, secret, version };
}

/** Read from the text as written: `URL` would drop a default port (`:443`) and decode the path. */
function fromUrl(ref: string, at: string): Target {
  const parts = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(ref);
  if (!parts) throw new ActionError(`${at} must be ${LINE_FORM}; got ${quote(ref)}.`);
  const [, scheme, authority, path, query, fragment] = parts as unknown as [string, string, string, string, string?, string?];
  const problem =
    scheme.toLowerCase() !== 'https'
      ? `is a ${scheme.toLowerCase()}:// address; the token goes to Key Vault over https:// only`
      : authority.includes('@')
        ? 'holds a user name or password'
        : authority.includes(':')
          ? 'names a port'
          : query !== undefined
            ? 'has a query'
            : fragment !== undefined
              ? 'has a fragment'
              : undefined;
  if (problem) throw new ActionError(`${at} ${problem}: the address must be ${URL_FORM}; got ${quote(ref)}.`);
  // Checked as written: lower-casing first would turn a look-alike into the name (the Kelvin sign K into k).
  const host = /^[A-Za-z0-9.-]+$/.test(authority) ? authority.toLowerCase() : '';
  const cloud = VAULT_CLOUDS.find(({ suffix }) => host.endsWith(`.${suffix}`));
  const vault = cloud ? host.slice(0, -cloud.suffix.length - 1) : '';
  if (!cloud || !VAULT_NAME.test(vault)) {
    throw new ActionError(
      `${at} names the host ${quote(authority)}, which is not a key vault: the host must be ${HOSTS}, where <vault> is ` +
        `${VAULT_FORM}. A vault behind a private endpoint keeps this name (its private DNS zone resolves it).`
    );
  }
  const secretPath = /^\/secrets\/([^/]+)(?:\/([^/]+))?\/?$/i.exec(path);
  if (!secretPath) {
    throw new ActionError(`${at} has the path ${quote(path || '/')}, which is not a secret's: the address must be ${URL_FORM}.`);
  }
  return { host, secret: secretPath[1]!, version: secretPath[2] };
}

/**
 * Two entries with one NAME, a NAME of the action's own outputs, and (with export-secrets) names
 * that steer later steps or that export-variable already gives the token.
 */
function nameProblems(parsed: readonly Parsed[], exportSecrets: boolean, tokenVariable: string | undefined): string[] {
  const problems: string[] = [];
  const taken = new Set(parsed.map(({ entry }) => entry.name.toUpperCase()));
  if (tokenVariable) taken.add(tokenVariable.toUpperCase());
  const firstWith = new Map<string, Parsed>();
  for (const item of parsed) {
    const { entry, ref } = item;
    const at = `${INPUT} line ${entry.line}`;
    const key = entry.name.toUpperCase();
    const suggestion = `'${inert(ref, 80)} > ${suggestName(entry, taken)}'`;
    const output = ACTION_OUTPUTS.find((name) => name.toUpperCase() === key);
    const earlier = firstWith.get(key);
    if (earlier) {
      problems.push(
        `${INPUT} lines ${earlier.entry.line} (${quote(earlier.ref)}) and ${entry.line} (${quote(ref)}) both hand over a secret as ` +
          `${entry.name} (names are compared ignoring case): give one another name with '> OTHER_NAME', such as ${suggestion}.`
      );
    } else if (output) {
      problems.push(
        `${at} hands over ${quote(ref)} as ${entry.name}, which is the action's own output '${output}' (names are compared ignoring ` +
          `case): give it another name with '> OTHER_NAME', such as ${suggestion}.`
      );
    } else if (tokenVariable && key === tokenVariable.toUpperCase()) {
      problems.push(
        `${at} hands over ${quote(ref)} as ${entry.name}, and export-secrets would export it over the token, which ` +
          `'export-variable' exports as ${tokenVariable} (names are compared ignoring case): give it another name with ` +
          `'> OTHER_NAME', such as ${suggestion}, or export the token under another name.`
      );
    } else if (exportSecrets && STEERING_VARIABLE.test(entry.name)) {
      problems.push(
        `${at} hands over ${quote(ref)} as ${entry.name}, which export-secrets would export, and that name changes how later steps ` +
          `run (${STEERING_VARIABLE_EXAMPLES}): give it another name with '> OTHER_NAME', such as ${suggestion}.`
      );
    }
    if (!earlier) firstWith.set(key, item);
  }
  return problems;
}

/** A name the entry could take instead: free, not an output, and never one that steers later steps. */
function suggestName(entry: KeyVaultEntry, taken: ReadonlySet<string>): string {
  const base = entry.name.replace(/^_+/, '') || defaultName(entry.secret).replace(/^_+/, '');
  const vault = defaultName(entry.vault);
  const candidates = [
    `${vault}_${base}`,
    `KV_${base}`,
    ...Array.from({ length: MAX_KEY_VAULT_SECRETS + 1 }, (_, n) => `KV_${base}_${n + 2}`)
  ];
  const free = (name: string): boolean =>
    VARIABLE_NAME.test(name) &&
    !taken.has(name.toUpperCase()) &&
    !STEERING_VARIABLE.test(name) &&
    !ACTION_OUTPUTS.some((output) => output.toUpperCase() === name.toUpperCase());
  return candidates.find(free)!;
}
