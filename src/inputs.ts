/**
 * Reads and validates every input once, before any network call. All problems are reported
 * together, each naming the input and the form it accepts.
 */
import { parseEndpointUrl } from './http/endpoint-url.js';
import { ActionError } from './text/errors.js';
import { type IdentitySelector, SELECTOR_INPUTS, selectorProblem, SOURCE_CHOICES, type SourceChoice } from './sources/table.js';
import { inert } from './text/inert.js';
import { GUID, STEERING_VARIABLE, STEERING_VARIABLE_EXAMPLES, TENANT, USER_ASSIGNED_IDENTITY_ID, VARIABLE_NAME } from './text/shapes.js';
import { loginServerOf } from './inputs/container-registry.js';
import { type KeyVaultEntry, parseKeyVaultSecrets } from './inputs/key-vault-secrets.js';

export interface Inputs {
  /** A v1 resource (App ID URI), never a scope: `/.default` is already removed. */
  readonly resource: string;
  readonly identity: IdentitySelector | undefined;
  readonly source: SourceChoice;
  /** Base URL replacing the chosen source's default endpoint (no trailing slash). */
  readonly endpoint: string | undefined;
  readonly exportVariable: string | undefined;
  readonly timeoutSeconds: number;
  /** Prove the token works by reading the runner VM's own record from ARM. */
  readonly verify: boolean;
  readonly jobSummary: boolean;
  /** https:// base URL of Resource Manager, replacing the one the VM's cloud implies. */
  readonly armEndpoint: string | undefined;
  /** Workload identity's tenant, instead of AZURE_TENANT_ID. */
  readonly tenantId: string | undefined;
  /** An Azure Container Registry login server to get a password for (lower case, no scheme). */
  readonly containerRegistry: string | undefined;
  /** The Key Vault secrets to read, in the order given; empty when none. */
  readonly keyVaultSecrets: readonly KeyVaultEntry[];
  /** Also export each secret as an environment variable for later steps. */
  readonly exportSecrets: boolean;
}

export const DEFAULT_RESOURCE = 'https://management.azure.com/';
/** Long enough to ride out IMDS's documented 70 s 410 window, with attempts on both sides. */
export const DEFAULT_TIMEOUT_SECONDS = 90;
const MAX_TIMEOUT_SECONDS = 3600;

/** Longer than any App ID URI; a longer value is not a resource. */
const MAX_RESOURCE_CHARS = 2048;
const SCOPE_SUFFIX = '/.default';

/**
 * Every input, with the default action.yml declares for it: readInputs reads exactly these and
 * applies these defaults, and a test holds action.yml to this table.
 */
export const INPUT_DEFAULTS = {
  resource: DEFAULT_RESOURCE,
  'client-id': '',
  'object-id': '',
  'identity-resource-id': '',
  source: 'auto',
  endpoint: '',
  'tenant-id': '',
  'export-variable': '',
  'timeout-seconds': String(DEFAULT_TIMEOUT_SECONDS),
  verify: 'false',
  'job-summary': 'true',
  'arm-endpoint': '',
  'container-registry': '',
  'key-vault-secrets': '',
  'export-secrets': 'false'
} as const;
type InputName = keyof typeof INPUT_DEFAULTS;

/** core.getInput: `trimWhitespace: false` keeps a multi-line input's leading lines, so that its line numbers are the user's. */
type GetInput = (name: string, options?: { trimWhitespace?: boolean }) => string;

const NO_SECRETS: readonly KeyVaultEntry[] = [];

export function readInputs(getInput: GetInput): Inputs {
  const problems: string[] = [];
  const check = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const value = (name: InputName): string => getInput(name).trim() || INPUT_DEFAULTS[name];

  const resource = check(() => parseResource(value('resource')));
  const identity = check(() => parseIdentity(value));
  const source = check(() => parseSource(value('source')));
  const endpoint = check(() => parseEndpoint(value('endpoint')));
  const exportVariable = check(() => parseVariableName(value('export-variable')));
  const timeoutSeconds = check(() => parseTimeout(value('timeout-seconds')));
  const verify = check(() => parseBoolean('verify', value('verify')));
  const jobSummary = check(() => parseBoolean('job-summary', value('job-summary')));
  const armEndpoint = check(() => parseArmEndpoint(value('arm-endpoint')));
  const tenantId = check(() => parseTenant(value('tenant-id')));
  const containerRegistry = check(() => parseContainerRegistry(value('container-registry')));
  const exportSecrets = check(() => parseBoolean('export-secrets', value('export-secrets')));
  const rawKeyVaultSecrets = getInput('key-vault-secrets', { trimWhitespace: false });
  // Most steps read no secret: their blank input is no list, and its parser is never compiled.
  const keyVaultSecrets =
    rawKeyVaultSecrets.trim() === ''
      ? NO_SECRETS
      : check(() => parseKeyVaultSecrets(rawKeyVaultSecrets, { exportSecrets: exportSecrets === true, exportVariable }));

  const unsupported = source && source !== 'auto' && identity ? selectorProblem(source, identity) : undefined;
  if (unsupported) problems.push(unsupported);
  if (problems.length > 0) throw new ActionError(problems.join('\n'));
  return {
    resource: resource!,
    identity,
    source: source!,
    endpoint,
    exportVariable,
    timeoutSeconds: timeoutSeconds!,
    verify: verify!,
    jobSummary: jobSummary!,
    armEndpoint,
    tenantId,
    containerRegistry,
    keyVaultSecrets: keyVaultSecrets!,
    exportSecrets: exportSecrets!
  };
}

class InputError extends ActionError {}

/** Shows what the user wrote, short, on one line and inert like any text from outside. */
const quote = (raw: string): string => `'${inert(raw.replace(/\s+/g, ' '), 80)}'`;

function parseResource(raw: string): string {
  if (raw.length > MAX_RESOURCE_CHARS) {
    throw new InputError(
      `Input 'resource' must be one resource URI of at most ${MAX_RESOURCE_CHARS} characters; got ${raw.length} characters.`
    );
  }
  const accepted =
    "Input 'resource' must be one resource URI such as https://vault.azure.net " +
    '(or a scope ending in /.default, or an application ID GUID)';
  if (/[\s,;]/.test(raw)) {
    throw new InputError(`${accepted}; got ${quote(raw)}, which looks like several values: run the action once per resource.`);
  }
  const resource = raw.endsWith(SCOPE_SUFFIX) ? raw.slice(0, -SCOPE_SUFFIX.length) : raw;
  if (GUID.test(resource)) return resource;
  if (!URL.canParse(resource) || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.test(resource) || /[?#]/.test(resource)) {
    throw new InputError(`${accepted}; got ${quote(raw)}.`);
  }
  return resource;
}

function parseIdentity(value: (name: InputName) => string): IdentitySelector | undefined {
  const given = SELECTOR_INPUTS.map((input) => ({ input, value: value(input) })).filter((selector) => selector.value !== '');
  if (given.length > 1) {
    throw new InputError(
      `Inputs ${given.map((s) => `'${s.input}'`).join(' and ')} were both set: give at most one of ` +
        "'client-id', 'object-id' or 'identity-resource-id' to pick a user-assigned identity."
    );
  }
  const selector = given[0];
  if (selector === undefined) return undefined;
  if (selector.input === 'identity-resource-id') {
    if (!USER_ASSIGNED_IDENTITY_ID.test(selector.value)) {
      throw new InputError(
        "Input 'identity-resource-id' must be the ARM resource ID of a user-assigned identity, " +
          '/subscriptions/<subscription-id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>; ' +
          `got ${quote(selector.value)}.`
      );
    }
  } else if (!GUID.test(selector.value)) {
    const what = selector.input === 'client-id' ? "the identity's client ID" : "the identity's object (principal) ID";
    throw new InputError(
      `Input '${selector.input}' must be a GUID (${what}, like 00000000-0000-0000-0000-000000000000); got ${quote(selector.value)}.`
    );
  }
  return selector;
}

function parseSource(raw: string): SourceChoice {
  const source = raw.toLowerCase();
  if ((SOURCE_CHOICES as readonly string[]).includes(source)) return source as SourceChoice;
  throw new InputError(`Input 'source' must be one of ${SOURCE_CHOICES.join(', ')}; got ${quote(raw)}.`);
}

function parseEndpoint(raw: string): string | undefined {
  if (raw === '') return undefined;
  const url = parseEndpointUrl(raw, { holder: "Input 'endpoint'", example: 'http://localhost:50342' });
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseBoolean(name: 'verify' | 'job-summary' | 'export-secrets', raw: string): boolean {
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new InputError(`Input '${name}' must be true or false (default ${INPUT_DEFAULTS[name]}); got ${quote(raw)}.`);
}

function parseArmEndpoint(raw: string): string | undefined {
  if (raw === '') return undefined;
  // The token travels to this address: TLS only, and nothing that could smuggle it elsewhere.
  return parseEndpointUrl(raw, {
    holder: "Input 'arm-endpoint'",
    example: 'https://management.azure.com',
    httpsOnly: true,
    originOnly: true
  }).origin;
}

function parseTenant(raw: string): string | undefined {
  if (raw === '') return undefined;
  if (TENANT.test(raw)) return raw;
  throw new InputError(`Input 'tenant-id' must be a tenant ID (GUID) or domain such as contoso.onmicrosoft.com; got ${quote(raw)}.`);
}

function parseContainerRegistry(raw: string): string | undefined {
  if (raw === '') return undefined;
  const accepted =
    "Input 'container-registry' must be one Azure Container Registry login server, <name>.azurecr.io " +
    '(<name>.azurecr.us in Azure Government, <name>.azurecr.cn in Azure China), optionally after https://';
  if (/[\s,;]/.test(raw)) {
    throw new InputError(`${accepted}; got ${quote(raw)}, which looks like several values: run the action once per registry.`);
  }
  const loginServer = loginServerOf(raw);
  if (loginServer === undefined) throw new InputError(`${accepted}, without path, port or query; got ${quote(raw)}.`);
  return loginServer;
}

function parseVariableName(raw: string): string | undefined {
  if (raw === '') return undefined;
  const accepted = "Input 'export-variable' must be an environment variable name (letters, digits and _, not starting with a digit)";
  if (!VARIABLE_NAME.test(raw)) throw new InputError(`${accepted}; got ${quote(raw)}.`);
  if (STEERING_VARIABLE.test(raw)) {
    throw new InputError(
      `${accepted}, and not one that changes how later steps run (${STEERING_VARIABLE_EXAMPLES}); got ${quote(raw)}. ` +
        'Use a name of your own, such as AZURE_ACCESS_TOKEN.'
    );
  }
  return raw;
}

function parseTimeout(raw: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new InputError(
      `Input 'timeout-seconds' must be a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS} ` +
        `(default ${DEFAULT_TIMEOUT_SECONDS}); got ${quote(raw)}.`
    );
  }
  return seconds;
}
