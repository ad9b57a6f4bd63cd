/**
 * docs/TROUBLESHOOTING.md cannot drift from the code: every message the failure scenarios make
 * the action print matches an entry there, every entry there is printed by some scenario, and
 * the messages themselves are pinned in a snapshot, so a changed wording shows in review.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { messagesOf, SCENARIOS } from '../__fixtures__/failure-scenarios.js';
import { isolateNetwork } from '../__fixtures__/nock.js';
import { ROOT } from '../__fixtures__/run-action.js';

isolateNetwork();

const page = readFileSync(join(ROOT, 'docs', 'TROUBLESHOOTING.md'), 'utf8');
const templates = [...page.matchAll(/^```message\n(.+)\n```$/gm)].map((m) => m[1]!);
const patternOf = (template: string): RegExp =>
  new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{[A-Za-z_ ]+\\\}/g, '(.+?)')}$`);
const patterns = templates.map((template) => ({ template, pattern: patternOf(template) }));

let printed: { scenario: string; message: string }[];
beforeAll(async () => {
  printed = [];
  for (const [scenario, setup] of Object.entries(SCENARIOS)) {
    nock.cleanAll();
    for (const message of await messagesOf(setup)) printed.push({ scenario, message });
  }
}, 60_000);

describe('docs/TROUBLESHOOTING.md', () => {
  it('has entries', () => {
    expect(templates.length).toBeGreaterThan(40);
  });

  it('documents every message the action prints, verbatim', () => {
    const undocumented = printed.filter(({ message }) => !patterns.some(({ pattern }) => pattern.test(message)));
    expect(undocumented).toEqual([]);
  });

  it('documents only messages the action really prints', () => {
    const unseen = patterns.filter(({ pattern }) => !printed.some(({ message }) => pattern.test(message))).map(({ template }) => template);
    expect(unseen).toEqual([]);
  });

  it('prints, scenario by scenario, exactly the messages recorded in the snapshot', () => {
    // The snapshot is the reviewed record of every message's wording; temporary folders vary.
    const temporary = new RegExp(`${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/msi-token-[\\w-]+`, 'g');
    const shown = printed.map(({ scenario, message }) => `${scenario}: ${message.replace(temporary, '<tmp>')}`);
    expect(shown).toMatchSnapshot();
  });
});
