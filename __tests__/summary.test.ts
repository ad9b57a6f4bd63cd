import { accessToken, IDS } from '../__fixtures__/bodies.js';
import { tokenOutputs } from '../src/outputs.js';
import { renderSummary } from '../src/summary.js';
import type { AccessToken } from '../src/types.js';
import { verifiedResult } from '../src/verify/feature.js';
import { vmOutputs } from '../src/verify/outputs.js';
import type { VerifiedVm } from '../src/verify/verify.js';

const token: AccessToken = accessToken({ resource: 'https://vault.azure.net', audience: 'https://vault.azure.net' });
const VM_ID =
  '/subscriptions/00000000-0000-0000-0000-00000000bbbb/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-runner-01';
const verified = (name = 'vm-runner-01'): VerifiedVm => ({
  arm: 'https://management.azure.com',
  metadata: {
    subscriptionId: '00000000-0000-0000-0000-00000000bbbb',
    resourceGroupName: 'rg',
    name,
    vmId: '00000000-0000-0000-0000-0000000000cc',
    resourceId: VM_ID,
    location: 'westeurope',
    azEnvironment: 'AzurePublicCloud'
  },
  vm: { id: VM_ID, name, location: 'westeurope', vmId: '00000000-0000-0000-0000-0000000000cc' }
});
const facts = (extra: Partial<Parameters<typeof renderSummary>[0]> = {}) => ({
  source: token.source,
  endpoint: token.endpoint,
  token: tokenOutputs(token, '2026-11-22T12:00:00Z').values,
  ...extra
});

describe('renderSummary', () => {
  it('shows source, identity, tenant, resource and expiry, and never the token', () => {
    const markdown = renderSummary(facts());
    expect(markdown).toBe(
      '### Azure managed identity token\n\n<table>' +
        '<tr><th align="left">Source</th><td>imds (http://169.254.169.254/metadata/identity/oauth2/token)</td></tr>' +
        `<tr><th align="left">Identity</th><td>client ID ${IDS.clientId}, object ID ${IDS.objectId}</td></tr>` +
        `<tr><th align="left">Tenant</th><td>${IDS.tenantId}</td></tr>` +
        '<tr><th align="left">Resource</th><td>https://vault.azure.net</td></tr>' +
        '<tr><th align="left">Expires</th><td>2026-11-22T12:00:00Z</td></tr></table>\n'
    );
    expect(markdown).not.toContain(token.token.split('.')[2]);
  });

  it('adds the VM when verified', () => {
    const vm = verified();
    const markdown = renderSummary(facts({ sections: [verifiedResult(vm).summary] }));
    expect(markdown).toContain('### Azure managed identity token ✅ verified');
    expect(markdown).toContain('<th align="left">Verified VM</th><td>vm-runner-01 (VM ID 00000000-0000-0000-0000-0000000000cc)</td>');
    expect(markdown).toContain('<th align="left">Cloud</th><td>AzurePublicCloud (https://management.azure.com)</td>');
  });

  it('puts each section after the token rows, in order, and escapes labels, texts and headlines', () => {
    const markdown = renderSummary(
      facts({ sections: [{ rows: [['First <i>', 'one & two']] }, { headline: 'got [it]', rows: [['Second', '`x`']] }] })
    );
    expect(markdown).toMatch(/^### Azure managed identity token got &#91;it&#93;\n/);
    expect(markdown).toContain(
      '<th align="left">Expires</th><td>2026-11-22T12:00:00Z</td></tr>' +
        '<tr><th align="left">First &#60;i&#62;</th><td>one &#38; two</td></tr><tr><th align="left">Second</th><td>&#96;x&#96;</td></tr></table>'
    );
  });

  it('says why verification failed, in one escaped cell', () => {
    const markdown = renderSummary(facts({ sections: [{ rows: [['Verification', 'failed: ARM said | no <b> & [a](https://x.test)']] }] }));
    expect(markdown).toContain(
      '<th align="left">Verification</th><td>failed: ARM said | no &#60;b&#62; &#38; &#91;a&#93;(https://x.test)</td>'
    );
  });

  it('leaves out a VM name that is not a VM name, so no Markdown or HTML can come from it', () => {
    const hostile = verified('[x](https://evil.test)<img src=x>');
    const { values, dropped } = vmOutputs(hostile);
    expect(dropped).toEqual(['vm-name (not a VM name)']);
    const result = verifiedResult(hostile);
    expect(result.outputs).toEqual(Object.entries(values));
    expect(result.warnings).toEqual([
      expect.stringContaining("the VM's record gave values without the form they must have: vm-name (not a VM name)")
    ]);
    const markdown = renderSummary(facts({ sections: [result.summary] }));
    expect(markdown).not.toContain('evil');
    expect(markdown).toContain('<th align="left">Verified VM</th><td>— (VM ID');
  });
});
