/**
 * The job summary: what the step got (the token's rows, here) and then, from each feature the
 * inputs asked for, its own rows (src/features/). Never a secret.
 *
 * An HTML table with every label and value escaped: GitHub renders no Markdown inside an HTML
 * block, so a claim or a VM name cannot turn into a link, an image or a heading, and escaped text
 * cannot open a tag. The brackets of Markdown links are escaped as well, should a renderer think otherwise.
 */

const escapeHtml = (text: string): string => text.replace(/[&<>"'[\]`]/g, (c) => `&#${c.charCodeAt(0)};`);

/** One row: a label and its text, both plain text (escaped here). */
export type SummaryRow = readonly [label: string, text: string];

/** A feature's part of the summary. */
export interface SummarySection {
  readonly rows: readonly SummaryRow[];
  /** A few words the heading gets after the token's: "✅ verified". */
  readonly headline?: string;
}

export interface SummaryFacts {
  readonly source: string;
  readonly endpoint: string;
  readonly token: Readonly<Record<string, string>>;
  /** Each feature's section, in the order the features ran (a failed one's says why). */
  readonly sections?: readonly SummarySection[];
}

export function renderSummary({ source, endpoint, token, sections = [] }: SummaryFacts): string {
  const said = (value: string | undefined): string => value || '—';
  const rows: SummaryRow[] = [
    ['Source', `${source} (${endpoint})`],
    ['Identity', `client ID ${token['client-id'] || 'not stated'}, object ID ${token['object-id'] || 'not stated'}`],
    ['Tenant', said(token['tenant-id'])],
    ['Resource', said(token['resource'])],
    ['Expires', said(token['expires-on'])],
    ...sections.flatMap((section) => section.rows)
  ];
  const headline = sections.map((section) => (section.headline ? ` ${escapeHtml(section.headline)}` : '')).join('');
  const table = rows.map(([label, text]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(text)}</td></tr>`).join('');
  return `### Azure managed identity token${headline}\n\n<table>${table}</table>\n`;
}
