/**
 * End to end: the committed bundle (dist/index.js) runs as its own process, the way the runner
 * starts it, against the project's emulator over real loopback HTTP. Every run is scanned for
 * leaks of every token the emulator handed out. Faults (retries, hangs, broken bodies) are in
 * fault-matrix.test.ts.
 */
import { existsSync } from 'node:fs';
import { defaultVm, faults, startEmulator } from '../../__fixtures__/emulator.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { startProxy } from '../../__fixtures__/proxy.js';
import { runStep } from '../../__fixtures__/action-yml.js';
import { type ActionRun, BUNDLE } from '../../__fixtures__/run-action.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

let emulator: Emulator;
beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run package" first.`);
});
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  await emulator.close();
});

/** Runs the action against the emulator and checks the leak scan, whatever the outcome. */
async function act(inputs: Record<string, string> = {}, env: Record<string, string> = {}, exportedAs?: string): Promise<ActionRun> {
  const run = await runStep({ inputs: { endpoint: emulator.url, ...inputs }, env, killAfterMs: 30_000 });
  expect(findLeaks(run, emulator.issuedTokens, { exportedAs })).toEqual([]);
  return run;
}

const errorLine = (run: ActionRun): string => run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';

describe('the bundled action', () => {
  it('gets a token for the system-assigned identity and hands it over as outputs', async () => {
    const run = await act();
    expect(run.code).toBe(0);
    const [token] = emulator.issuedTokens;
    expect(run.stdout.split('\n')[0]).toMatch(/^::debug::GET /);
    expect(run.stdout).toContain(`::add-mask::${token}\n`);
    expect(run.stdout.indexOf('::add-mask::')).toBeLessThan(run.stdout.indexOf('Got a Bearer token'));
    const vm = defaultVm();
    expect(run.outputs).toEqual({
      'access-token': token,
      'expires-on': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      'token-type': 'Bearer',
      resource: 'https://management.azure.com/',
      'client-id': vm.systemAssigned?.clientId,
      'object-id': vm.systemAssigned?.objectId,
      'tenant-id': vm.tenantId,
      'identity-resource-id': vm.systemAssigned?.resourceId,
      source: 'imds'
    });
    expect(run.exported).toEqual({});
    expect(emulator.tokenRequests()).toHaveLength(1);
    expect(emulator.tokenRequests()[0]).toMatchObject({
      path: '/metadata/identity/oauth2/token',
      query: { 'api-version': '2018-02-01', resource: 'https://management.azure.com/' },
      headers: { metadata: 'true' }
    });
  });

  it.each([
    ['client-id', (vm: ReturnType<typeof defaultVm>) => vm.userAssigned[1]!.clientId, 'client_id'],
    ['object-id', (vm: ReturnType<typeof defaultVm>) => vm.userAssigned[1]!.objectId, 'object_id'],
    ['identity-resource-id', (vm: ReturnType<typeof defaultVm>) => vm.userAssigned[1]!.resourceId, 'msi_res_id']
  ])('selects a user-assigned identity by %s', async (input, pick, parameter) => {
    const wanted = defaultVm().userAssigned[1]!;
    const run = await act({ [input]: pick(defaultVm()), resource: 'https://vault.azure.net/.default' });
    expect(run.code).toBe(0);
    expect(emulator.tokenRequests()[0]?.query).toMatchObject({ resource: 'https://vault.azure.net', [parameter]: pick(defaultVm()) });
    expect(run.outputs).toMatchObject({
      'client-id': wanted.clientId,
      'object-id': wanted.objectId,
      'identity-resource-id': wanted.resourceId
    });
  });

  it('exports the token to the named variable when asked', async () => {
    const run = await act({ 'export-variable': 'AZURE_TOKEN' }, {}, 'AZURE_TOKEN');
    expect(run.code).toBe(0);
    expect(run.exported).toEqual({ AZURE_TOKEN: emulator.issuedTokens[0] });
  });

  it('uses the VM extension when told to, and warns that it is deprecated', async () => {
    const run = await act({ source: 'vm-extension' });
    expect(run.code).toBe(0);
    expect(emulator.tokenRequests()[0]?.path).toBe('/oauth2/token');
    expect(run.outputs['source']).toBe('vm-extension');
    expect(run.stdout).toMatch(/^::warning::The token came from the legacy Managed Identity VM extension/m);
  });

  it('fails at once on an identity that is not assigned, saying which and what to do', async () => {
    const missing = '00000000-0000-0000-0000-0000000000ff';
    const run = await act({ 'client-id': missing });
    expect(run.code).toBe(1);
    expect(emulator.tokenRequests()).toHaveLength(1);
    expect(errorLine(run)).toBe(
      `::error::IMDS (${emulator.url}/metadata/identity/oauth2/token) refused the token request: HTTP 400, invalid_request: Identity not found. ` +
        `The identity with client-id ${missing} is probably not assigned to this VM: assign it (Azure portal → the VM → Identity → User assigned) ` +
        "or correct 'client-id'. A newly assigned identity can take a minute or two to become usable."
    );
    expect(run.stderr).toBe('');
    expect(run.outputs).toEqual({});
  });

  it('fails on a VM with several user-assigned identities and no selector, naming the inputs to set', async () => {
    await emulator.close();
    emulator = await startEmulator({ vm: { ...defaultVm(), systemAssigned: undefined } });
    const run = await act();
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain("set 'client-id', 'object-id' or 'identity-resource-id'");
  });

  it('goes straight to the endpoint even with a proxy configured every way a runner can', async () => {
    const proxy = await startProxy();
    try {
      const run = await act(
        {},
        {
          HTTP_PROXY: proxy.url,
          HTTPS_PROXY: proxy.url,
          http_proxy: proxy.url,
          https_proxy: proxy.url,
          NO_PROXY: 'example.test',
          NODE_USE_ENV_PROXY: '1'
        }
      );
      expect(run.code).toBe(0);
      expect(proxy.seen).toEqual([]);
      expect(emulator.tokenRequests()[0]?.headers).not.toHaveProperty('x-forwarded-for');
    } finally {
      await proxy.close();
    }
  });

  it('keeps the token out of the debug log', async () => {
    emulator.enqueue(faults.status(500));
    const run = await act({}, { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::debug::/m);
  });

  it('refuses bad input before any request, naming each input', async () => {
    const run = await act({ 'object-id': 'me', 'export-variable': 'GITHUB_TOKEN', 'timeout-seconds': '-1' });
    expect(run.code).toBe(1);
    expect(emulator.requests).toEqual([]);
    expect(run.stdout).toContain("::error::Input 'object-id' must be a GUID");
    expect(run.stdout).toContain("Input 'export-variable' must be an environment variable name");
    expect(run.stdout).toContain("Input 'timeout-seconds' must be a positive number of seconds");
  });
});
