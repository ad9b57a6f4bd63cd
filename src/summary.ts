/**
 * The job summary: what the step got and, when verified, which VM it is. Never the token.
 */
import type { RegistryPassword } from './registry.js';
import type { AccessToken } from './token-request.js';
import type { VerifiedVm } from './verify.js';

/** How getting a password for `container-registry` went: issued, or failed. Never the password. */
export interface RegistrySummary {
  readonly loginServer: string;
  readonly issued?: Pick<RegistryPassword, 'expiresOn' | 'expiryStated'>;
  readonly failure?: string;
}

/** Table cells: the few characters that would break a Markdown table or inject HTML. */
const cell = (value: string): string =>
  (value || '—')
    .replace(/[|\\]/g, '\\$&')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\s+/g, ' ');

export function renderSummary(
  token: AccessToken,
  expiresOn: string,
  verified: VerifiedVm | undefined,
  failure: string | undefined,
  registry?: RegistrySummary
): string {
  const rows: [string, string][] = [
    ['Source', `${token.source} (${token.endpoint})`],
    ['Identity', `client ID ${token.clientId || 'not stated'}, object ID ${token.objectId || 'not stated'}`],
    ['Tenant', token.tenantId],
    ['Resource', token.resource],
    ['Expires', expiresOn]
  ];
  if (registry?.issued) {
    const expires = registry.issued.expiresOn.toISOString().replace(/\.\d{3}Z$/, 'Z');
    rows.push([
      'Registry password',
      `issued for ${registry.loginServer}, expires ${registry.issued.expiryStated ? expires : `about ${expires}`}`
    ]);
  } else if (registry?.failure) {
    rows.push(['Registry password', `not issued for ${registry.loginServer}: ${registry.failure}`]);
  }
  if (verified) {
    const { metadata, vm, arm } = verified;
    rows.push(
      ['Verified VM', `${vm.name || metadata.name} (VM ID ${vm.vmId || metadata.vmId})`],
      ['VM resource ID', vm.id],
      ['Location', vm.location || metadata.location],
      ['Cloud', `${metadata.azEnvironment} (${arm})`]
    );
  }
  if (failure) rows.push(['Verification', `failed: ${failure}`]);
  const table = rows.map(([name, value]) => `| ${name} | ${cell(value)} |`).join('\n');
  return `### Azure managed identity token${verified ? ' ✅ verified' : ''}\n\n| | |\n|---|---|\n${table}\n`;
}
