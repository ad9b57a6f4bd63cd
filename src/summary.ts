/**
 * The job summary: what the step got and, when verified, which VM it is. Never the token.
 *
 * An HTML table with every value escaped: GitHub renders no Markdown inside an HTML block, so a
 * claim or a VM name cannot turn into a link, an image or a heading, and escaped text cannot
 * open a tag. The brackets of Markdown links are escaped as well, should a renderer think otherwise.
 */
import type { RegistryPassword } from './registry/registry.js';
import { isoSeconds } from './text/time.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"'[\]`]/g, (c) => `&#${c.charCodeAt(0)};`);

/** How getting a password for `container-registry` went: issued, or failed. Never the password. */
export interface RegistrySummary {
  readonly loginServer: string;
  readonly issued?: Pick<RegistryPassword, 'expiresOn' | 'expiryStated'>;
  /** Already made safe to show. */
  readonly failure?: string;
}

export interface SummaryFacts {
  readonly source: string;
  readonly endpoint: string;
  readonly token: Readonly<Record<string, string>>;
  readonly vm?: Readonly<Record<string, string>> | undefined;
  readonly arm?: string | undefined;
  readonly registry?: RegistrySummary | undefined;
  /** The verification's failure message, already made safe to show. */
  readonly failure?: string | undefined;
}

export function renderSummary({ source, endpoint, token, vm, arm, registry, failure }: SummaryFacts): string {
  const said = (value: string | undefined): string => value || '—';
  const rows: [string, string][] = [
    ['Source', `${source} (${endpoint})`],
    ['Identity', `client ID ${token['client-id'] || 'not stated'}, object ID ${token['object-id'] || 'not stated'}`],
    ['Tenant', said(token['tenant-id'])],
    ['Resource', said(token['resource'])],
    ['Expires', said(token['expires-on'])]
  ];
  if (registry?.issued) {
    const expires = isoSeconds(registry.issued.expiresOn);
    rows.push([
      'Registry password',
      `issued for ${registry.loginServer}, expires ${registry.issued.expiryStated ? expires : `about ${expires}`}`
    ]);
  } else if (registry?.failure) {
    rows.push(['Registry password', `not issued for ${registry.loginServer}: ${registry.failure}`]);
  }
  if (vm) {
    rows.push(
      ['Verified VM', `${said(vm['vm-name'])} (VM ID ${said(vm['vm-id'])})`],
      ['VM resource ID', said(vm['vm-resource-id'])],
      ['Location', said(vm['location'])],
      ['Cloud', `${said(vm['azure-environment'])} (${arm ?? ''})`]
    );
  }
  if (failure) rows.push(['Verification', `failed: ${failure}`]);
  const table = rows.map(([name, value]) => `<tr><th align="left">${name}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  return `### Azure managed identity token${vm ? ' ✅ verified' : ''}\n\n<table>${table}</table>\n`;
}
