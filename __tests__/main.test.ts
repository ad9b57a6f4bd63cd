import nock from 'nock';
import { fakeJwt, IDS, IMDS_ERRORS, imdsTokenBody } from '../__fixtures__/bodies.js';
import { fakeClock } from '../__fixtures__/clock.js';
import { failingSummary, withInputs } from '../__fixtures__/core.js';
import { isolateNetwork } from '../__fixtures__/nock.js';
import { ARM, compute, IMDS, IMDS_METADATA_PATH, IMDS_TOKEN_PATH, RUNNER_VM, VM, vmRecord } from '../__fixtures__/vm.js';
import { send, type Send } from '../src/http/send.js';
import { readInputs } from '../src/inputs.js';
import type { Feature, FeatureEntry, FeatureResult } from '../src/features/feature.js';
import { FEATURES } from '../src/features/index.js';
import { run } from '../src/main.js';

isolateNetwork();

const readDefaults = () => readInputs(() => '');
const imds = () => nock(IMDS).get(IMDS_TOKEN_PATH).query(true);
const deps = (env: Record<string, string> = {}) => ({ send, clock: fakeClock(), env, platform: 'linux' as const });

/** The mask is the very first thing the action does once the answer is in. */
function expectMaskedOnArrival(core: ReturnType<typeof withInputs>, token: string): void {
  const arrived = core.calls.findIndex((c) => c.fn === 'debug' && c.value.endsWith('answered HTTP 200'));
  expect(arrived).toBeGreaterThanOrEqual(0);
  expect(core.calls[arrived + 1]).toEqual({ fn: 'setSecret', value: token });
  expect(core.calls.slice(0, arrived).some((c) => c.fn !== 'debug')).toBe(false);
}

describe('run', () => {
  it('masks the token before anything else, then sets every output', async () => {
    const token = fakeJwt();
    imds().reply(200, imdsTokenBody(token, { resource: 'https://vault.azure.net' }));
    const core = withInputs({ resource: 'https://vault.azure.net/.default' });
    await run(core, deps());

    expectMaskedOnArrival(core, token);
    expect(core.calls.filter((c) => c.fn === 'setSecret')).toHaveLength(1);
    expect(core.outputs).toEqual({
      'access-token': token,
      'expires-on': '2026-11-22T12:00:00Z',
      'token-type': 'Bearer',
      resource: 'https://vault.azure.net',
      'client-id': IDS.clientId,
      'object-id': IDS.objectId,
      'tenant-id': IDS.tenantId,
      'identity-resource-id': IDS.resourceId,
      source: 'imds'
    });
    expect(core.exported).toEqual({});
    expect(core.failure()).toBeUndefined();
  });

  it('tells the user what it got, in the log, without the token', async () => {
    const token = fakeJwt();
    imds().reply(200, imdsTokenBody(token));
    const core = withInputs();
    await run(core, deps());
    const info = core.calls.filter((c) => c.fn === 'info').map((c) => c.value);
    expect(info).toEqual([
      `Got a Bearer token for https://management.azure.com/ from ${IMDS}${IMDS_TOKEN_PATH} (source: imds).`,
      `  identity: client ID ${IDS.clientId}, object ID ${IDS.objectId}, tenant ${IDS.tenantId}`,
      '  expires:  2026-11-22T12:00:00Z',
      "  handed over as the step output 'access-token' (masked in logs)."
    ]);
    for (const line of core.logLines()) expect(line).not.toContain(token.split('.')[2]);
  });

  it('exports the token only when export-variable names a variable, after masking it', async () => {
    const token = fakeJwt();
    imds().reply(200, imdsTokenBody(token));
    const core = withInputs({ 'export-variable': 'AZURE_ACCESS_TOKEN' });
    await run(core, deps());
    expect(core.exported).toEqual({ AZURE_ACCESS_TOKEN: token });
    const maskAt = core.calls.findIndex((c) => c.fn === 'setSecret');
    const exportAt = core.calls.findIndex((c) => c.fn === 'exportVariable');
    expect(maskAt).toBeLessThan(exportAt);
    expect(core.logLines()).toContain(
      "  handed over as the step output 'access-token' and the environment variable AZURE_ACCESS_TOKEN (masked in logs)."
    );
  });

  it('never masks the non-secret outputs', async () => {
    imds().reply(200, imdsTokenBody(fakeJwt()));
    const core = withInputs();
    await run(core, deps());
    const masked = core.calls.filter((c) => c.fn === 'setSecret').map((c) => c.value);
    for (const [name, value] of Object.entries(core.outputs)) {
      if (name !== 'access-token') expect(masked).not.toContain(value);
    }
  });

  it('fails on bad input before any network call, naming the input', async () => {
    const calls: unknown[] = [];
    const recordingSend: Send = (request) => (calls.push(request), send(request));
    const core = withInputs({ 'client-id': 'deployer', source: 'everywhere' });
    await run(core, { ...deps(), send: recordingSend });
    expect(calls).toEqual([]);
    expect(core.failure()).toBe(
      "Input 'client-id' must be a GUID (the identity's client ID, like 00000000-0000-0000-0000-000000000000); got 'deployer'.\n" +
        "Input 'source' must be one of auto, workload-identity, app-service, arc, imds, vm-extension; got 'everywhere'."
    );
    expect(core.outputs).toEqual({});
  });

  it('fails once, with the endpoint, status, its message and the fix, and no stack trace', async () => {
    imds().reply(400, IMDS_ERRORS.identityNotFound);
    const core = withInputs({ 'client-id': IDS.clientId });
    await run(core, deps());
    expect(core.calls.filter((c) => c.fn === 'setFailed')).toHaveLength(1);
    expect(core.failure()).toMatch(
      new RegExp(
        `^IMDS \\(${IMDS}${IMDS_TOKEN_PATH}\\) refused the token request: HTTP 400, invalid_request: Identity not found\\. The identity with client-id ${IDS.clientId} is probably not assigned to this VM`
      )
    );
    expect(core.logLines().some((line) => line.includes('    at '))).toBe(false);
    expect(core.outputs).toEqual({});
  });

  it('reports an unexpected error with its stack in the debug log only', async () => {
    const core = withInputs();
    await run(core, { ...deps(), send: () => Promise.reject(new TypeError('surprise')) });
    expect(core.failure()).toBe('surprise');
    expect(core.calls.filter((c) => c.fn === 'debug').some((c) => c.value.startsWith('TypeError: surprise\n    at '))).toBe(true);
  });

  it('masks a token even when its answer is then refused, and never prints it', async () => {
    const token = fakeJwt();
    imds().reply(200, imdsTokenBody(token, { expires_on: 'later', expires_in: undefined }));
    const core = withInputs();
    await run(core, deps());
    expectMaskedOnArrival(core, token);
    expect(core.failure()).toContain('answered HTTP 200 with a token, but no readable expiry');
    for (const line of core.logLines()) expect(line).not.toContain(token.split('.')[1]);
    expect(core.outputs).toEqual({});
  });

  describe('job summary and verify', () => {
    const metadata = () => nock(IMDS).get(IMDS_METADATA_PATH).query(true).reply(200, compute());

    it('writes a job summary by default, and none with job-summary: false', async () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const core = withInputs();
      await run(core, deps());
      expect(core.summaryText()).toContain('<th align="left">Resource</th><td>https://management.azure.com/</td>');
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const quiet = withInputs({ 'job-summary': 'false' });
      await run(quiet, deps());
      expect(quiet.summaryText()).toBe('');
    });

    it('warns, and still succeeds, when the summary cannot be written', async () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const core = {
        ...withInputs(),
        summary: failingSummary('no summary file')
      };
      const calls = core.calls;
      await run(core, deps());
      expect(calls).toContainEqual({ fn: 'warning', value: 'The job summary was not written: no summary file' });
      expect(calls.some((c) => c.fn === 'setFailed')).toBe(false);
    });

    it('with verify, sets the VM outputs and says who the runner is', async () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      nock(ARM).get(VM).query(true).reply(200, vmRecord);
      const core = withInputs({ verify: 'true' });
      await run(core, deps());
      expect(core.failure()).toBeUndefined();
      expect(core.outputs).toMatchObject({
        'subscription-id': RUNNER_VM.subscriptionId,
        'resource-group': RUNNER_VM.resourceGroup,
        'vm-name': RUNNER_VM.name,
        'vm-id': RUNNER_VM.vmId,
        'vm-resource-id': VM,
        location: RUNNER_VM.location,
        'azure-environment': 'AzurePublicCloud'
      });
      expect(core.logLines()).toContain("Verified: this identity read the runner VM's own record from https://management.azure.com.");
      expect(core.summaryText()).toContain('✅ verified');
    });

    it('fails once when verification fails, keeps the token outputs, and puts the reason in the summary', async () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      metadata();
      nock(ARM)
        .get(VM)
        .query(true)
        .reply(403, { error: { code: 'AuthorizationFailed', message: 'no read' } });
      const core = withInputs({ verify: 'true' });
      await run(core, deps());
      expect(core.calls.filter((c) => c.fn === 'setFailed')).toHaveLength(1);
      expect(core.failure()).toContain('lacks Microsoft.Compute/virtualMachines/read on this VM');
      expect(core.outputs['access-token']).toBeDefined();
      expect(core.outputs['vm-name']).toBeUndefined();
      expect(core.summaryText()).toContain('<th align="left">Verification</th><td>failed: Azure Resource Manager');
    });
  });

  describe('features', () => {
    /** A feature that records what it was given and when it was loaded, and does what `act` says. */
    function fake(name: string, act: Feature['run'], wanted = true) {
      const loaded: string[] = [];
      const feature: Feature = { name, run: act };
      const entry: FeatureEntry = { wanted: () => wanted, load: async () => (loaded.push(name), { feature }) };
      return { entry, loaded };
    }
    const result = (tag: string, extra: Partial<FeatureResult> = {}): FeatureResult => ({
      outputs: [[`${tag}-output`, `${tag} value`]],
      log: [`${tag} got it.`],
      summary: { rows: [[`${tag} row`, `${tag} text`]] },
      ...extra
    });

    it('loads and runs none on a default step', async () => {
      expect(FEATURES.filter(({ wanted }) => wanted(readDefaults()))).toEqual([]);
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const unwanted = fake('Unwanted', () => Promise.reject(new Error('ran')), false);
      const core = withInputs();
      await run(core, { ...deps(), features: [unwanted.entry] });
      expect(unwanted.loaded).toEqual([]);
      expect(core.failure()).toBeUndefined();
    });

    it('runs the wanted ones in order, each handed the inputs and the token, and hands over what each returns, in order', async () => {
      const token = fakeJwt();
      imds().reply(200, imdsTokenBody(token));
      const seen: string[] = [];
      const first = fake('First', async (inputs, got) => {
        seen.push(`first: ${inputs.resource} ${got.token === token}`);
        return result('first', { exports: [['FIRST', 'exported']], warnings: ['first warns.'] });
      });
      const skipped = fake('Skipped', () => Promise.reject(new Error('ran')), false);
      const second = fake('Second', async () => (seen.push('second'), result('second', { summary: { headline: '✅ second', rows: [] } })));
      const core = withInputs();
      await run(core, { ...deps(), features: [first.entry, skipped.entry, second.entry] });

      expect(core.failure()).toBeUndefined();
      expect(seen).toEqual(['first: https://management.azure.com/ true', 'second']);
      expect(skipped.loaded).toEqual([]);
      const after = core.calls.slice(core.calls.findIndex((c) => c.fn === 'info' && c.value.includes("step output 'access-token'")) + 1);
      expect(after.filter((c) => c.fn !== 'debug' && c.fn !== 'summary')).toEqual([
        { fn: 'setOutput', name: 'first-output', value: 'first value' },
        { fn: 'exportVariable', name: 'FIRST', value: 'exported' },
        { fn: 'warning', value: 'first warns.' },
        { fn: 'info', value: 'first got it.' },
        { fn: 'setOutput', name: 'second-output', value: 'second value' },
        { fn: 'info', value: 'second got it.' }
      ]);
      expect(core.summaryText()).toMatch(/^### Azure managed identity token ✅ second\n/);
      expect(core.summaryText()).toContain(
        '<td>2026-11-22T12:00:00Z</td></tr><tr><th align="left">first row</th><td>first text</td></tr></table>'
      );
    });

    it("masks a user's secret value through maskValue, whatever its length, and hides it and its lines of 4 characters or more in messages", async () => {
      imds().reply(200, imdsTokenBody(fakeJwt()));
      const value = 'Server=db;Database=app\n  pw-line-two  \nabcd\nxyz';
      const masking = fake('Masking', async (_inputs, _token, ctx) => {
        ctx.maskValue(value);
        ctx.maskValue('');
        ctx.maskValue('xy');
        throw new Error(`refused: pw-line-two, then abcd and xy; Database=app is fine; ${value}`);
      });
      const core = withInputs();
      await run(core, { ...deps(), features: [masking.entry] });
      const masked = core.calls.filter((c) => c.fn === 'setSecret').map((c) => c.value);
      expect(masked.slice(1)).toEqual([value, 'xy']);
      // Shorter lines ('xy', 'xyz') are the runner's to mask in the log: replacing them in every message would garble it.
      expect(core.failure()).toBe('refused: ***, then *** and xy; Database=app is fine; ***');
    });

    it('fails once on a failure, shows it under the feature name made safe, hands over nothing of it and runs no later one', async () => {
      const token = fakeJwt();
      imds().reply(200, imdsTokenBody(token));
      const failing = fake('Failing part', async (_inputs, _token, ctx) => {
        ctx.maskSecret('credential-0123456789');
        throw new Error('::error::no | <b> with credential-0123456789');
      });
      const later = fake('Later', async () => result('later'));
      const core = withInputs();
      await run(core, { ...deps(), features: [failing.entry, later.entry] });

      expect(core.calls.filter((c) => c.fn === 'setFailed')).toHaveLength(1);
      expect(core.failure()).toBe(': :error::no | <b> with ***');
      expect(later.loaded).toEqual([]);
      expect(core.outputs['access-token']).toBe(token);
      expect(Object.keys(core.outputs)).not.toContain('later-output');
      expect(core.summaryText()).toContain('<th align="left">Failing part</th><td>failed: : :error::no | &#60;b&#62; with ***</td>');
      expect(core.summaryText()).not.toContain('0123456789');
    });
  });
});
