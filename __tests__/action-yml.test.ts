/**
 * action.yml is the contract: it must parse as YAML (an unquoted ': ' once broke it), declare
 * every input the action reads with a description and a default, and every output it sets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { accessToken } from '../__fixtures__/bodies.js';
import { ROOT } from '../__fixtures__/run-action.js';
import { INPUT_DEFAULTS, readInputs } from '../src/inputs.js';
import { tokenOutputs } from '../src/outputs.js';
import { issued } from '../src/registry/feature.js';
import { vmOutputs } from '../src/verify/outputs.js';

interface ActionYml {
  inputs: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
  branding: { icon: string; color: string };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs the action reads, each optional, described, with the default the action applies', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, input.description?.length ?? 0]).not.toEqual([name, 0]);
      expect([name, input.default]).toEqual([name, INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS]]);
      expect([name, input.required]).toEqual([name, false]);
    }
  });

  it('reads every input in the table, and only those', () => {
    const asked: string[] = [];
    readInputs((name) => (asked.push(name), ''));
    expect(asked.sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort());
  });

  it('declares every output the action sets, each with a description', () => {
    const vm = { id: '', name: '', location: '', vmId: '' };
    const metadata = { subscriptionId: '', resourceGroupName: '', name: '', vmId: '', resourceId: '', location: '', azEnvironment: '' };
    const set = [
      'access-token',
      ...Object.keys(tokenOutputs(accessToken(), '2026-11-22T12:00:00Z').values),
      ...Object.keys(vmOutputs({ arm: '', metadata, vm }).values),
      ...issued({ loginServer: '', password: '', expiresOn: new Date(0), expiryStated: false }).outputs.map(([name]) => name)
    ];
    expect([...new Set(set)].sort()).toEqual(Object.keys(action.outputs).sort());
    for (const output of Object.values(action.outputs)) expect(output.description?.length).toBeGreaterThan(10);
  });
});
