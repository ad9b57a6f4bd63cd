/**
 * action.yml is the contract: it must parse as YAML (an unquoted ': ' once broke it), declare
 * every input the action reads with a description and a default, and every output it sets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../__fixtures__/run-action.js';

interface ActionYml {
  inputs: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const source = (file: string): string => readFileSync(join(ROOT, 'src', file), 'utf8');

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares every input inputs.ts reads, each optional with a description and a default', () => {
    const read = [...source('inputs.ts').matchAll(/value\('([a-z-]+)'\)|\[?'(client-id|object-id|identity-resource-id)'/g)].map(
      (m) => m[1] ?? m[2]
    );
    const names = new Set(read);
    expect([...names].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, input.description?.length ?? 0]).not.toEqual([name, 0]);
      expect([name, typeof input.default]).toEqual([name, 'string']);
      expect([name, input.required]).toEqual([name, false]);
    }
  });

  it('declares every output main.ts sets, each with a description', () => {
    const set = [
      ...source('main.ts').matchAll(/^\s+'?([a-z-]+)'?: (token|metadata|vm|outputs|expiresOn)\b/gm),
      ...source('main.ts').matchAll(/setOutput\('([a-z-]+)'/g)
    ].map((m) => m[1]);
    expect([...new Set(set)].sort()).toEqual(Object.keys(action.outputs).sort());
    for (const output of Object.values(action.outputs)) expect(output.description?.length).toBeGreaterThan(10);
  });
});
