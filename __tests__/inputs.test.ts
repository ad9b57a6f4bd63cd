import { ActionError } from '../src/text/errors.js';
import { DEFAULT_RESOURCE, DEFAULT_TIMEOUT_SECONDS, readInputs } from '../src/inputs.js';

const read = (inputs: Record<string, string>) => readInputs((name) => inputs[name] ?? '');
const problem = (inputs: Record<string, string>): string => {
  try {
    read(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return (error as Error).message;
  }
  throw new Error('readInputs accepted the inputs');
};

const GUID = '6e8b8c3a-1f2d-4c5b-9a7e-0123456789ab';
const UAMI =
  '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x';

describe('readInputs', () => {
  it('gives the documented defaults when nothing is set', () => {
    expect(read({})).toEqual({
      resource: DEFAULT_RESOURCE,
      identity: undefined,
      source: 'auto',
      endpoint: undefined,
      exportVariable: undefined,
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      verify: false,
      jobSummary: true,
      armEndpoint: undefined,
      tenantId: undefined,
      containerRegistry: undefined,
      keyVaultSecrets: [],
      exportSecrets: false
    });
  });

  it("reads key-vault-secrets as written, so that its line numbers are the user's, and export-secrets strictly", () => {
    const inputs = read({ 'key-vault-secrets': '\n\n# ours\nkv1/db-password\n', 'export-secrets': 'true' });
    expect(inputs.keyVaultSecrets).toMatchObject([{ line: 4, vault: 'kv1', secret: 'db-password', name: 'DB_PASSWORD' }]);
    expect(inputs.exportSecrets).toBe(true);
    expect(() => read({ 'key-vault-secrets': '\n\nkv1/bad_name', 'export-secrets': 'yes' })).toThrow(
      /Input 'export-secrets' must be true or false[\s\S]*key-vault-secrets.*line 3/
    );
  });

  it.each(['', ' \n\t\n', '# none yet'])('reads a key-vault-secrets of no entry (%p) as no secret', (raw) => {
    expect(read({ 'key-vault-secrets': raw, 'export-secrets': 'true' }).keyVaultSecrets).toEqual([]);
  });

  it.each([
    ['verify', 'true', { verify: true }],
    ['verify', 'FALSE', { verify: false }],
    ['job-summary', 'false', { jobSummary: false }],
    ['job-summary', 'True', { jobSummary: true }]
  ])('reads %s = %p strictly as a boolean', (input, raw, expected) => {
    expect(read({ [input]: raw })).toMatchObject(expected);
  });

  it.each([
    ['verify', 'yes', "Input 'verify' must be true or false (default false); got 'yes'."],
    ['job-summary', '1', "Input 'job-summary' must be true or false (default true); got '1'."]
  ])('refuses %s = %p', (input, raw, message) => {
    expect(problem({ [input]: raw })).toBe(message);
  });

  it.each([
    ['https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net'],
    ['https://management.local.azurestack.external/', 'https://management.local.azurestack.external'],
    ['https://127.0.0.1:8443', 'https://127.0.0.1:8443']
  ])('accepts arm-endpoint %p', (raw, origin) => {
    expect(read({ 'arm-endpoint': raw }).armEndpoint).toBe(origin);
  });

  it.each([
    'http://management.azure.com',
    'https://management.azure.com/subscriptions',
    'https://u:p@arm.example.test',
    'https://arm.example.test/?x=1',
    'arm'
  ])('refuses arm-endpoint %p: the token travels there, so TLS and an origin only', (raw) => {
    expect(problem({ 'arm-endpoint': raw })).toContain("Input 'arm-endpoint' must be an https:// URL such as https://management.azure.com");
  });

  it.each([
    ['https://vault.azure.net', 'https://vault.azure.net'],
    ['  https://vault.azure.net  ', 'https://vault.azure.net'],
    ['https://vault.azure.net/.default', 'https://vault.azure.net'],
    ['https://management.azure.com//.default', 'https://management.azure.com/'],
    ['https://storage.azure.com/', 'https://storage.azure.com/'],
    ['api://my-app', 'api://my-app'],
    [GUID, GUID],
    [`${GUID}/.default`, GUID]
  ])('accepts the resource %p as %p', (raw, resource) => {
    expect(read({ resource: raw }).resource).toBe(resource);
  });

  it.each([
    ['vault', 'must be one resource URI'],
    ['https://a https://b', 'looks like several values'],
    ['https://a,https://b', 'looks like several values'],
    ['https://vault.azure.net\nhttps://graph.microsoft.com', 'looks like several values'],
    ['https://vault.azure.net?x=1', 'must be one resource URI'],
    ['/.default', 'must be one resource URI'],
    ['https://', 'must be one resource URI']
  ])('refuses the resource %p', (raw, expected) => {
    const message = problem({ resource: raw });
    expect(message).toContain("Input 'resource'");
    expect(message).toContain(expected);
  });

  it.each([
    ['client-id', GUID],
    ['object-id', GUID.toUpperCase()],
    ['identity-resource-id', UAMI]
  ])('accepts %s as the identity selector', (input, value) => {
    expect(read({ [input]: value }).identity).toEqual({ input, value });
  });

  it.each([
    ['client-id', 'deployer', "Input 'client-id' must be a GUID (the identity's client ID"],
    ['object-id', `${GUID}0`, "Input 'object-id' must be a GUID (the identity's object (principal) ID"],
    ['identity-resource-id', 'id-deployer', "Input 'identity-resource-id' must be the ARM resource ID of a user-assigned identity"],
    [
      'identity-resource-id',
      '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm',
      'must be the ARM resource ID of a user-assigned identity'
    ]
  ])('refuses %s = %p', (input, value, expected) => {
    expect(problem({ [input]: value })).toContain(expected);
  });

  it('refuses two selectors, naming both', () => {
    expect(problem({ 'client-id': GUID, 'identity-resource-id': UAMI })).toContain(
      "Inputs 'client-id' and 'identity-resource-id' were both set: give at most one"
    );
  });

  it.each([
    ['imds', 'imds'],
    ['IMDS', 'imds'],
    ['vm-extension', 'vm-extension'],
    ['auto', 'auto']
  ])('accepts source %p', (raw, source) => {
    expect(read({ source: raw }).source).toBe(source);
  });

  it('refuses an unknown source, listing the accepted ones', () => {
    expect(problem({ source: 'cloudshell' })).toBe(
      "Input 'source' must be one of auto, workload-identity, app-service, arc, imds, vm-extension; got 'cloudshell'."
    );
  });

  it('refuses identity-resource-id with the VM extension, which cannot use it', () => {
    expect(problem({ source: 'vm-extension', 'identity-resource-id': UAMI })).toContain(
      "Input 'identity-resource-id' cannot be used with source 'vm-extension'"
    );
  });

  it.each([
    ['http://localhost:50343', 'http://localhost:50343'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['https://imds.example.test/prefix/', 'https://imds.example.test/prefix']
  ])('accepts endpoint %p as base URL %p', (raw, endpoint) => {
    expect(read({ endpoint: raw }).endpoint).toBe(endpoint);
  });

  it.each([
    ['localhost:50342', 'does not start with http:// or https://'],
    ['ftp://host', 'does not start with http:// or https://'],
    ['http://user:pw@127.0.0.1', 'holds credentials'],
    ['http://127.0.0.1/?q=1', 'has a query or fragment'],
    ['https://host.example.test/#x', 'has a query or fragment'],
    ['not a url', 'is not a URL'],
    // Plain http only to this machine: a name that starts with "127." is not an address.
    ['http://127.attacker.example/', 'is plain http:// to 127.attacker.example, which is not this machine'],
    ['http://10.0.0.5/', 'is plain http:// to 10.0.0.5, which is not this machine']
  ])('refuses endpoint %p: %s', (raw, why) => {
    const message = problem({ endpoint: raw });
    expect(message).toContain("Input 'endpoint' must be an https:// URL, or http:// to this machine");
    expect(message).toContain(why);
  });

  it.each(['http://169.254.169.254', 'http://[::1]:50342', 'http://127.0.0.2:8080'])('accepts the local http endpoint %p', (raw) => {
    expect(read({ endpoint: raw }).endpoint).toBe(raw);
  });

  it.each(['AZURE_ACCESS_TOKEN', '_token', 'token2'])('accepts export-variable %p', (name) => {
    expect(read({ 'export-variable': name }).exportVariable).toBe(name);
  });

  it.each([
    ['2TOKEN', 'letters, digits and _'],
    ['MY-TOKEN', 'letters, digits and _'],
    ['A B', 'letters, digits and _'],
    ['GITHUB_TOKEN', 'not one that changes how later steps run'],
    ['runner_temp', 'not one that changes how later steps run'],
    ...['NODE_OPTIONS', 'PATH', 'LD_PRELOAD', 'BASH_ENV', 'ENV', 'HTTPS_PROXY', 'no_proxy', 'GIT_SSH_COMMAND', 'JAVA_TOOL_OPTIONS'].map(
      (name): [string, string] => [name, 'not one that changes how later steps run']
    )
  ] as [string, string][])('refuses export-variable %p', (name, expected) => {
    const message = problem({ 'export-variable': name });
    expect(message).toContain("Input 'export-variable' must be an environment variable name");
    expect(message).toContain(expected);
  });

  it.each([
    ['30', 30],
    ['2.5', 2.5],
    ['3600', 3600]
  ])('accepts timeout-seconds %p', (raw, seconds) => {
    expect(read({ 'timeout-seconds': raw }).timeoutSeconds).toBe(seconds);
  });

  it.each(['0', '-5', 'ten', '1e3', '3601', 'Infinity'])('refuses timeout-seconds %p', (raw) => {
    expect(problem({ 'timeout-seconds': raw })).toContain("Input 'timeout-seconds' must be a positive number of seconds");
  });

  it('reports every bad input at once, one per line', () => {
    const lines = problem({ resource: 'vault', 'client-id': 'x', 'timeout-seconds': '0' }).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => /Input '([a-z-]+)'/.exec(line)?.[1])).toEqual(['resource', 'client-id', 'timeout-seconds']);
  });

  it('shortens what it quotes back to one line', () => {
    const message = problem({ 'client-id': `${'x y'.repeat(60)}\nsecond line` });
    expect(message).toContain(`got '${'x y'.repeat(60).slice(0, 77)}...'`);
    expect(message).not.toContain('\n');
  });

  it('never quotes back part of a long token-like value (a secret pasted into the wrong input)', () => {
    const message = problem({ 'client-id': 'eyZ'.repeat(100) });
    expect(message).toContain("got '(300 characters, not shown)'");
  });

  it('refuses a resource longer than 2 KiB before anything else', () => {
    expect(problem({ resource: `https://x.example.test/${'a'.repeat(2100)}` })).toContain(
      "Input 'resource' must be one resource URI of at most 2048 characters; got 2123 characters."
    );
  });
});
