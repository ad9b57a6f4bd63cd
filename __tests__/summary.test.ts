import { accessToken, IDS } from '../__fixtures__/bodies.js';
import { renderSummary } from '../src/summary.js';
import type { AccessToken } from '../src/token-request.js';
import type { VerifiedVm } from '../src/verify.js';

const token: AccessToken = accessToken({ resource: 'https://vault.azure.net', audience: 'https://vault.azure.net' });
const verified: VerifiedVm = {
  arm: 'https://management.azure.com',
  metadata: {
    subscriptionId: 's',
    resourceGroupName: 'rg',
    name: 'vm-runner-01',
    vmId: 'vm-guid',
    resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-runner-01',
    location: 'westeurope',
    azEnvironment: 'AzurePublicCloud'
  },
  vm: {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-runner-01',
    name: 'vm-runner-01',
    location: 'westeurope',
    vmId: 'vm-guid'
  }
};

describe('renderSummary', () => {
  it('shows source, identity, tenant, resource and expiry, and never the token', () => {
    const markdown = renderSummary(token, '2026-11-22T12:00:00Z', undefined, undefined);
    expect(markdown).toBe(
      '### Azure managed identity token\n\n| | |\n|---|---|\n' +
        '| Source | imds (http://169.254.169.254/metadata/identity/oauth2/token) |\n' +
        `| Identity | client ID ${IDS.clientId}, object ID ${IDS.objectId} |\n` +
        `| Tenant | ${IDS.tenantId} |\n` +
        '| Resource | https://vault.azure.net |\n' +
        '| Expires | 2026-11-22T12:00:00Z |\n'
    );
    expect(markdown).not.toContain(token.token.split('.')[2]);
  });

  it('adds the VM when verified', () => {
    const markdown = renderSummary(token, '2026-11-22T12:00:00Z', verified, undefined);
    expect(markdown).toContain('### Azure managed identity token ✅ verified');
    expect(markdown).toContain('| Verified VM | vm-runner-01 (VM ID vm-guid) |');
    expect(markdown).toContain('| Cloud | AzurePublicCloud (https://management.azure.com) |');
  });

  it('says why verification failed, in one escaped cell', () => {
    const markdown = renderSummary(token, 'x', undefined, 'ARM said | no <b>\nat all');
    expect(markdown).toContain('| Verification | failed: ARM said \\| no &lt;b&gt; at all |');
  });
});
