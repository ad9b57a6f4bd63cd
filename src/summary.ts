/**
 * The job summary: what the step got and, when verified, which VM it is. Never the token.
 */
import type { AccessToken } from './token-request.js';
import type { VerifiedVm } from './verify.js';

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
  failure: string | undefined
): string {
  const rows: [string, string][] = [
    ['Source', `${token.source} (${token.endpoint})`],
    ['Identity', `client ID ${token.clientId || 'not stated'}, object ID ${token.objectId || 'not stated'}`],
    ['Tenant', token.tenantId],
    ['Resource', token.resource],
    ['Expires', expiresOn]
  ];
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
