/**
 * docs/TROUBLESHOOTING.md cannot drift from the code: every message the failure scenarios make
 * the action print matches an entry there, every entry there is printed by some scenario, and
 * every message the source can build starting with fixed text has that text in the page.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

  it('has the fixed text of every message the source builds', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) =>
        statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : []
      );
    const heads: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      const source = readFileSync(file, 'utf8');
      for (const [, quote, rest] of source.matchAll(/new (?:ActionError|InputError)\(\s*([`'"])([\s\S]{0,400})/g)) {
        const head = rest!.split(quote!)[0]!.split('${')[0]!;
        if (head.length >= 20) heads.push(head);
      }
    }
    expect(heads.length).toBeGreaterThan(10);
    expect(heads.filter((head) => !page.includes(head))).toEqual([]);
  });
});
