/**
 * The bundle against endpoints written to attack it (issue: hostile answers). This file: what an
 * answer can make the runner obey (workflow commands, control characters, Markdown in the
 * summary), and where a credential can be sent (only its one intended origin). Each test is
 * judged by behaviour: the commands that reached stdout, the connections the evil server saw,
 * the values that reached outputs and files; never by the wording of a message.
 */
import { temporaryFolder } from '../../__fixtures__/cleanup.js';
import { startProxy } from '../../__fixtures__/proxy.js';
import {
  armVm,
  commandProblems,
  errorLine,
  fileProblems,
  imdsAnswer,
  instanceMetadata,
  markupProblems,
  rawReply,
  reply,
  runHostile,
  startRecorder,
  startScripted,
  unsignedJwt,
  VM_RESOURCE_ID
} from '../../__fixtures__/hostile.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Every command syntax the runner obeys, ANSI escapes, and Markdown / HTML for the summary. */
const MARKERS = ['pwned', 'evil.example', '<img', '<script', '# H'];
const INJECTION =
  'x\r\n::set-output name=pwned::1\r\n::add-mask::pwned\n::stop-commands::pwned\n::error::pwned\r' +
  '##[set-output name=pwned;]1 \u001b[31mred\u001b[0m \u001b]0;pwned\u0007 \u009b31m \u0085' +
  '[x](https://evil.example) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> <script>pwned</script>\n# H';
/** The same without CR/LF: what fits in a header value. */
const HEADER_INJECTION = '::set-output name=pwned::1 ##[set-output name=pwned;]1 [x](https://evil.example) <img src=x>';

type Answer = [status: number, body: unknown, headers?: Record<string, string>];
interface HostileImds {
  /** Each token request's answer; `token` is a fresh JWT the action will hold. */
  token?: (token: string, index: number) => Answer;
  metadata?: () => Answer;
}

/** An impostor IMDS (token and instance metadata) and an impostor ARM over TLS, both recording. */
async function world({ token, metadata }: HostileImds = {}, vm: () => Answer = () => [200, armVm()]) {
  const tokens: string[] = [];
  let tokenRequests = 0;
  const imds = await startScripted({
    handler: (_, response, seen) => {
      if (seen.path === '/metadata/identity/oauth2/token') {
        const jwt = unsignedJwt();
        tokens.push(jwt);
        const [status, body, headers] = token ? token(jwt, tokenRequests++) : [200, imdsAnswer(jwt)];
        return reply(response, status, body, headers);
      }
      if (seen.path === '/metadata/instance/compute') {
        const [status, body, headers] = metadata ? metadata() : [200, instanceMetadata()];
        return reply(response, status, body, headers);
      }
      reply(response, 404, { error: 'not_found' });
    }
  });
  const arm = await startScripted({
    tls: true,
    handler: (_, response) => {
      const [status, body, headers] = vm();
      reply(response, status, body, headers);
    }
  });
  closers.push(imds.close, arm.close);
  const act = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
    runHostile({ inputs: { endpoint: imds.url, 'timeout-seconds': '5', ...inputs }, env });
  return { imds, arm, tokens, act };
}

function expectInert(run: ActionRun, secrets: readonly string[]): void {
  expect(commandProblems(run, secrets)).toEqual([]);
  expect(fileProblems(run)).toEqual([]);
  expect(markupProblems(run.summary, MARKERS)).toEqual([]);
  expect(run.outputs['pwned']).toBeUndefined();
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name !== 'access-token') expect([name, value]).not.toEqual([name, expect.stringContaining('pwned')]);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ARM_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]+\/providers\/[\w.]+\/[\w.]+\/[\w.-]+(\/[\w.]+\/[\w.-]+)*$/i;
const VM_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]+\/providers\/Microsoft\.Compute\/(virtualMachines\/[\w.-]+|virtualMachineScaleSets\/[\w.-]+\/virtualMachines\/\d+)$/i;
/** An output with a known shape either matches it or is not output at all. */
const SHAPES: Record<string, RegExp> = {
  'client-id': GUID,
  'object-id': GUID,
  'tenant-id': GUID,
  'token-type': /^[A-Za-z]+$/,
  'identity-resource-id': ARM_ID,
  'subscription-id': GUID,
  'vm-id': GUID,
  'vm-resource-id': VM_ID
};
function expectShapes(run: ActionRun): void {
  for (const [name, shape] of Object.entries(SHAPES)) {
    const value = run.outputs[name];
    if (value !== undefined && value !== '') expect([name, value]).toEqual([name, expect.stringMatching(shape)]);
  }
}

describe('1. nothing from outside injects into the log, the outputs or the summary', () => {
  it.each(['token_type', 'resource', 'client_id', 'object_id', 'msi_res_id'])('a 200 whose %s holds commands', async (field) => {
    const { tokens, act } = await world({ token: (jwt) => [200, imdsAnswer(jwt, { [field]: INJECTION })] });
    const run = await act();
    expectInert(run, tokens);
    expectShapes(run);
  });

  it.each(['tid', 'appid', 'oid', 'xms_mirid', 'aud'])('a token whose claim %s holds commands', async (claim) => {
    const tokens: string[] = [];
    const { act } = await world({
      token: () => {
        tokens.push(unsignedJwt({ [claim]: INJECTION }));
        return [200, imdsAnswer(tokens.at(-1)!)];
      }
    });
    const run = await act({ verify: 'true' });
    expectInert(run, tokens);
    expectShapes(run);
  });

  it.each(['name', 'location', 'resourceId', 'vmId', 'subscriptionId', 'resourceGroupName', 'azEnvironment'])(
    'instance metadata whose %s holds commands (verify)',
    async (field) => {
      const { tokens, arm, act } = await world({ metadata: () => [200, instanceMetadata({ [field]: INJECTION })] });
      const run = await act({ verify: 'true', 'arm-endpoint': arm.url });
      expectInert(run, tokens);
      expectShapes(run);
    }
  );

  it.each([
    ['name', { name: INJECTION }],
    ['location', { location: INJECTION }],
    ['id', { id: INJECTION }],
    ['properties.vmId', { properties: { vmId: INJECTION } }]
  ])("ARM's VM record whose %s holds commands (verify)", async (_, fields) => {
    const { tokens, arm, act } = await world({}, () => [200, armVm(fields)]);
    const run = await act({ verify: 'true', 'arm-endpoint': arm.url });
    expect(arm.requests).toHaveLength(1);
    expectInert(run, tokens);
    expectShapes(run);
  });

  it.each<[string, Answer]>([
    ['a JSON error_description', [400, { error: 'invalid_request', error_description: INJECTION }]],
    ['a JSON error code', [400, { error: INJECTION }]],
    ['an App Service message and correlation ID', [400, { statusCode: 400, message: INJECTION, correlationId: INJECTION }]],
    ['an HTML title', [400, `<html><head><title>${INJECTION}</title></head></html>`, { 'Content-Type': 'text/html' }]],
    ['plain text', [400, INJECTION, { 'Content-Type': 'text/plain' }]],
    ['a retried 503 with plain text', [503, INJECTION, { 'Content-Type': 'text/plain' }]]
  ])('an IMDS error body with commands in %s', async (_, answer) => {
    const { tokens, act } = await world({ token: (jwt, index) => (index === 0 ? answer : [200, imdsAnswer(jwt)]) });
    const run = await act();
    expectInert(run, tokens);
  });

  it.each<[string, Answer]>([
    ['error.message', [400, { error: { code: 'BadRequest', message: INJECTION } }]],
    ['error.code', [403, { error: { code: INJECTION, message: 'AuthorizationFailed' } }]],
    ['an HTML title', [502, `<html><head><title>${INJECTION}</title></head></html>`, { 'Content-Type': 'text/html' }]],
    ['a 200 that is not JSON', [200, INJECTION, { 'Content-Type': 'text/plain' }]]
  ])('an ARM error with commands in %s (verify)', async (_, answer) => {
    const { tokens, arm, act } = await world({}, () => answer);
    const run = await act({ verify: 'true', 'arm-endpoint': arm.url });
    expect(run.code).toBe(1);
    expectInert(run, tokens);
  });

  it.each<[string, Answer]>([
    ['Retry-After', [429, { error: 'too_many_requests' }, { 'Retry-After': HEADER_INJECTION }]],
    ['Location of a redirect', [302, '', { Location: `http://127.0.0.1:1/${HEADER_INJECTION}` }]],
    ['Location with a host that holds commands', [307, '', { Location: 'http://##[set-output name=pwned;]1/' }]],
    ['Content-Type and Via', [502, 'bad gateway', { 'Content-Type': HEADER_INJECTION, Via: HEADER_INJECTION }]],
    ['WWW-Authenticate', [401, { error: 'unauthorized' }, { 'WWW-Authenticate': `Basic realm=${HEADER_INJECTION}` }]]
  ])('headers with commands: %s', async (_, answer) => {
    const { tokens, act } = await world({ token: (jwt, index) => (index === 0 ? answer : [200, imdsAnswer(jwt)]) });
    const run = await act();
    expectInert(run, tokens);
  });

  it('an Arc challenge whose key file name holds commands and escapes', async () => {
    const realm = `/var/opt/azcmagent/tokens/\u001b[31m##[set-output name=pwned;]1 ::set-output name=pwned::1 <img src=x>.key`;
    const agent = await startScripted({
      handler: (_, response) => rawReply(response, 401, '{"error":"unauthorized_client"}', { 'WWW-Authenticate': `Basic realm=${realm}` })
    });
    closers.push(agent.close);
    const run = await runHostile({
      inputs: { source: 'arc', endpoint: `${agent.url}/metadata/identity/oauth2/token`, 'timeout-seconds': '5' }
    });
    expect(run.code).toBe(1);
    expectInert(run, []);
  });

  it("a 'resource' input echoed in a message is made inert too", async () => {
    const { tokens, act } = await world();
    const run = await act({ resource: `https://x.example/\u001b[31m##[set-output name=pwned;]1` });
    expectInert(run, tokens);
  });
});

describe('2. a credential goes to its one intended origin, or nowhere', () => {
  /** IMDS gives a token and hostile instance metadata; ARM is reached through the runner's proxy. */
  async function verifyWorld(resourceId: string) {
    const evil = await startRecorder('127.0.0.2');
    const { tokens, arm, act } = await world({
      metadata: () => [200, instanceMetadata({ resourceId: resourceId.replace('<evil>', evil.address) })]
    });
    const proxy = await startProxy({ tunnels: { 'management.azure.com:443': arm.address } });
    closers.push(evil.close, proxy.close);
    const run = await act({ verify: 'true' }, { HTTPS_PROXY: proxy.url });
    return { evil, tokens, arm, proxy, run };
  }

  it.each([
    ['userinfo: "@host:port/x"', '@<evil>/x'],
    ['a network path: "//host:port/x"', '//<evil>/x'],
    ['dot segments', '/subscriptions/../../x'],
    ['dot segments inside a VM ID', `${VM_RESOURCE_ID}/../../../../../../x`],
    ['a query', `${VM_RESOURCE_ID}?$expand=x&api-version=1999-01-01`],
    ['a fragment', `${VM_RESOURCE_ID}#x`],
    ['an encoded slash', VM_RESOURCE_ID.replace('/vm-runner-01', '/..%2F..%2Fx')],
    ['another resource type', VM_RESOURCE_ID.replace('Microsoft.Compute/virtualMachines', 'Microsoft.KeyVault/vaults')]
  ])('instance metadata with a resourceId using %s: the ARM token goes nowhere', async (_, resourceId) => {
    const { evil, arm, proxy, run } = await verifyWorld(resourceId);
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(proxy.seen.map((r) => r.target).filter((t) => t !== 'management.azure.com:443')).toEqual([]);
    expect(arm.requests.map((r) => r.target)).toEqual([]);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/resource ?id/i);
  });

  it('sends the ARM token to ARM for a valid VM ID (the control case)', async () => {
    const { evil, arm, tokens, run } = await verifyWorld(VM_RESOURCE_ID);
    expect(run.code).toBe(0);
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(arm.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${tokens[0]}`]);
  });

  const attackerHosts = ['127.attacker.example', 'localhost.attacker.example', '169.254.169.254.attacker.example'];

  it.each(attackerHosts)('refuses IDENTITY_ENDPOINT=http://%s/… for App Service before any request', async (host) => {
    const evil = await startRecorder('127.0.0.2');
    closers.push(evil.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: { IDENTITY_ENDPOINT: `http://${host}:${evil.port}/msi/token`, IDENTITY_HEADER: 'f1e2d3c4-aaaa-4bbb-8ccc-0123456789ab' },
      resolve: { [host]: '127.0.0.2' }
    });
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('IDENTITY_ENDPOINT');
  });

  it('refuses an http:// endpoint input for App Service that is not loopback', async () => {
    const evil = await startRecorder('127.0.0.2');
    closers.push(evil.close);
    const run = await runHostile({
      inputs: { source: 'app-service', endpoint: `http://127.attacker.example:${evil.port}/msi/token`, 'timeout-seconds': '5' },
      env: { IDENTITY_ENDPOINT: 'http://127.0.0.1:1/msi/token', IDENTITY_HEADER: 'f1e2d3c4-aaaa-4bbb-8ccc-0123456789ab' },
      resolve: { '127.attacker.example': '127.0.0.2' }
    });
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(run.code).toBe(1);
  });

  it.each(attackerHosts)('refuses IDENTITY_ENDPOINT=http://%s/… for Azure Arc before any request', async (host) => {
    const evil = await startRecorder('127.0.0.2');
    closers.push(evil.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: {
        IDENTITY_ENDPOINT: `http://${host}:${evil.port}/metadata/identity/oauth2/token`,
        IMDS_ENDPOINT: `http://${host}:${evil.port}`
      },
      resolve: { [host]: '127.0.0.2' }
    });
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(/IDENTITY_ENDPOINT|IMDS_ENDPOINT/);
  });

  it.each(attackerHosts)('refuses AZURE_AUTHORITY_HOST=http://%s/ for workload identity before any request', async (host) => {
    const evil = await startRecorder('127.0.0.2');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const folder = temporaryFolder('hostile-wi-');
    const assertion = unsignedJwt({ sub: 'system:serviceaccount:runners:runner' });
    writeFileSync(join(folder, 'token'), assertion);
    closers.push(evil.close);
    const run = await runHostile({
      inputs: { 'timeout-seconds': '5' },
      env: {
        AZURE_FEDERATED_TOKEN_FILE: join(folder, 'token'),
        AZURE_CLIENT_ID: '00000000-0000-0000-0001-000000000001',
        AZURE_TENANT_ID: '00000000-0000-0000-0000-00000000aaaa',
        AZURE_AUTHORITY_HOST: `http://${host}:${evil.port}/`
      },
      resolve: { [host]: '127.0.0.2' }
    });
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain('AZURE_AUTHORITY_HOST');
  });

  it('never follows a token endpoint redirect to another server', async () => {
    const evil = await startRecorder('127.0.0.2');
    closers.push(evil.close);
    const { act } = await world({ token: () => [302, '', { Location: `http://${evil.address}/steal?resource=x` }] });
    const run = await act();
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(run.code).toBe(1);
    // A message is one sentence, not a fragment glued to a hint ("…never follows: which means…").
    expect(errorLine(run)).not.toMatch(/: which means/);
  });

  it("never follows ARM's redirect to another server with the token", async () => {
    const evil = await startRecorder('127.0.0.2');
    closers.push(evil.close);
    const { arm, act } = await world({}, () => [307, '', { Location: `https://${evil.address}${VM_RESOURCE_ID}` }]);
    const run = await act({ verify: 'true', 'arm-endpoint': arm.url });
    expect(arm.requests).toHaveLength(1);
    expect(evil.connections.map((c) => `connection from ${c.from}`)).toEqual([]);
    expect(run.code).toBe(1);
    expect(errorLine(run)).not.toMatch(/: which means/);
  });
});
