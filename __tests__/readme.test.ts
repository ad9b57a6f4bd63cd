/**
 * The README's workflow snippets are copied into real workflows: each must be valid YAML and a
 * valid workflow (or list of steps) under the Actions schema, and use only inputs and outputs
 * the action declares.
 */
import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../__fixtures__/run-action.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const snippets = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

/** A step list becomes the steps of one job; a `jobs:` snippet gets an `on:`. */
const asWorkflow = (snippet: string): string =>
  snippet.startsWith('jobs:')
    ? `on: push\n${snippet}`
    : `on: push\njobs:\n  example:\n    runs-on: [self-hosted, azure]\n    steps:\n${snippet.replace(/^(?=.)/gm, '      ')}`;

describe('README workflow snippets', () => {
  it('are there', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(10);
  });

  it.each(snippets.map((snippet, i) => [i + 1, snippet]))('#%i is a valid workflow', (_, snippet) => {
    const workflow = asWorkflow(String(snippet));
    expect(() => parse(workflow)).not.toThrow();
    expect(validateWorkflow(workflow).errors).toEqual([]);
  });

  it('use only declared inputs and outputs', () => {
    const text = snippets.join('\n');
    for (const [, name] of text.matchAll(/steps\.[a-z]+\.outputs\.([a-z-]+)/g)) expect(Object.keys(action.outputs)).toContain(name);
    for (const step of snippets.flatMap((snippet) => snippet.split(/\n(?=\s*- )/))) {
      if (!step.includes('org/msi-token@v1')) continue;
      const withBlock = /with:\n((?:[ ]{4,}.*\n?)*)/.exec(step)?.[1] ?? '';
      for (const [, name] of withBlock.matchAll(/^\s+([a-z-]+):/gm)) expect(Object.keys(action.inputs)).toContain(name);
    }
  });
});
