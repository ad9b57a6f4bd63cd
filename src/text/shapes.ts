/**
 * The forms values must have. Inputs are checked against them before any request, and values
 * from answers (IDs, names, the token type) before they are handed to later steps: one that
 * does not fit is not handed over.
 */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant: its ID, or one of its domains (contoso.onmicrosoft.com). */
export const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

/** A form a value is checked against. */
export interface Shape {
  test(value: string): boolean;
}

/**
 * Resource group names may hold any Unicode letter or digit. A Unicode-aware pattern costs about
 * a millisecond to build and another to run the first time, paid by every job: it is built only
 * when a value is not plain ASCII, which real names almost always are.
 */
function unicodeAware(pattern: (letters: string) => string): Shape {
  const ascii = new RegExp(pattern('A-Za-z0-9'), 'i');
  let unicode: RegExp | undefined;
  return {
    // eslint-disable-next-line no-control-regex -- telling plain ASCII apart is the point
    test: (value) => (/^[\x00-\x7f]*$/.test(value) ? ascii : (unicode ??= new RegExp(pattern('\\p{L}\\p{N}'), 'iu'))).test(value)
  };
}

const RESOURCE_GROUP = (letters: string): string => `[${letters}_().-]{0,89}[${letters}_()-]`;
const SUBSCRIPTION = String.raw`/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;

/** Any ARM resource ID: a managed identity's, or for a system-assigned identity its VM's or machine's. */
export const ARM_RESOURCE_ID = unicodeAware(
  (letters) =>
    String.raw`^${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP(letters)}/providers/[A-Za-z0-9.]{1,80}(?:/[A-Za-z0-9_.()-]{1,120}/[A-Za-z0-9_.()-]{1,120}){1,4}$`
);

/** A user-assigned identity's resource ID, as the identity-resource-id input takes it. */
export const USER_ASSIGNED_IDENTITY_ID = unicodeAware(
  (letters) =>
    String.raw`^${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP(letters)}/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[A-Za-z0-9_-]{1,128}$`
);

/**
 * The ARM ID of a VM or of a scale set instance, the only records verify reads. The ARM token
 * is sent to the address made from it, so nothing else may pass: no '@', '//', '..', query or
 * fragment can hide in these segments.
 */
export const VM_RESOURCE_ID = unicodeAware(
  (letters) =>
    String.raw`^${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP(letters)}/providers/Microsoft\.Compute/(?:virtualMachines/[A-Za-z0-9_.-]{1,80}|virtualMachineScaleSets/[A-Za-z0-9_.-]{1,80}/virtualMachines/\d{1,10})$`
);

export const RESOURCE_GROUP_NAME = unicodeAware((letters) => `^${RESOURCE_GROUP(letters)}$`);
/** VM names, and scale set instance names such as runners_3. */
export const VM_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
/** Azure regions as ARM and IMDS spell them: westeurope, eastus2. */
export const LOCATION = /^[A-Za-z0-9]{1,40}$/;
/** AzurePublicCloud, AzureUSGovernmentCloud, … */
export const CLOUD_NAME = /^[A-Za-z]{1,40}$/;
/** "Bearer", "PoP": a word. */
export const TOKEN_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/** An App ID URI (scheme, host, path) or an application ID, bounded. */
export const RESOURCE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z][a-z0-9+.-]{0,20}:\/\/[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:\/[A-Za-z0-9._~%$&*+,;=:@/-]{0,1900})?)$/i;

/** An environment variable (and step output) name as the runner and shells take it. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Variables that change how later steps run: what runs (PATH, shells' start-up files, loaders'
 * and interpreters' options), where traffic goes (*_PROXY), and what the runner reserves. A
 * token or a secret in one of them breaks every later step or hands it to whoever reads them.
 * Every input that exports a variable (export-variable, key-vault-secrets with export-secrets)
 * refuses these names.
 */
export const STEERING_VARIABLE =
  /^(PATH|PATHEXT|LD_\w*|DYLD_\w*|BASH_ENV|ENV|BASH_FUNC_\w*|SHELLOPTS|BASHOPTS|PS4|IFS|CDPATH|PROMPT_COMMAND|HOME|SHELL|TMPDIR|TEMP|TMP|NODE_\w*|PYTHON\w*|PERL5?OPT|PERL5?LIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|DOTNET_\w*|CORECLR_\w*|COMPLUS_\w*|GIT_\w*|SSH_\w*|\w*_PROXY|COMSPEC|PSMODULEPATH|SYSTEMROOT|GITHUB_\w*|RUNNER_\w*|ACTIONS_\w*|INPUT_\w*|STATE_\w*|CI)$/i;
/** How messages name STEERING_VARIABLE's names. */
export const STEERING_VARIABLE_EXAMPLES = 'PATH, LD_*, BASH_ENV, ENV, NODE_OPTIONS, *_PROXY, GIT_*, GITHUB_*, RUNNER_* and the like';
