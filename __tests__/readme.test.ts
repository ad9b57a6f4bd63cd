/**
 * The README's workflow snippets are copied into real workflows: each must be valid YAML and a
 * valid workflow (or list of steps) under the Actions schema, use only inputs and outputs the
 * action declares, and be safe to paste: no token written into a `run:` script (the runner stores
 * the script on disk with every expression replaced; tokens reach scripts through `env:`), curl
 * with -sSf, and a `shell:` on every `run:` step (Windows runners default to PowerShell).
 */
import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../__fixtures__/run-action.js';
import { parseKeyVaultSecrets } from '../src/inputs/key-vault-secrets.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const snippets = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

/** A step list becomes the steps of one job; a `jobs:` snippet gets an `on:`; a whole workflow stays as it is. */
const asWorkflow = (snippet: string): string =>
  snippet.startsWith('on:')
    ? snippet
    : snippet.startsWith('jobs:')
      ? `on: push\n${snippet}`
      : `on: push\njobs:\n  example:\n    runs-on: [self-hosted, azure]\n    steps:\n${snippet.replace(/^(?=.)/gm, '      ')}`;

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Workflow {
  env?: Record<string, unknown>;
  jobs: Record<string, { env?: Record<string, unknown>; defaults?: { run?: { shell?: string } }; steps?: Step[] }>;
}

/** Outputs that hold a credential: the ones action.yml says are masked. */
const SECRET_OUTPUTS = Object.entries(action.outputs)
  .filter(([, output]) => /masked/i.test(String((output as { description?: string }).description)))
  .map(([name]) => name);

/** Every `${{ … }}` expression in a text. */
const expressions = (text: string): string[] => [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]!.trim());

const allSteps = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
/** The names a step's `key-vault-secrets` hands its secrets over as (its outputs, and with export-secrets its variables). */
const keyVaultNames = (step: Step): string[] => {
  const raw = step.with?.['key-vault-secrets'];
  const exportSecrets = String(step.with?.['export-secrets']) === 'true';
  return typeof raw === 'string' ? parseKeyVaultSecrets(raw, { exportSecrets }).map((entry) => entry.name) : [];
};
/** Whether an expression reads a credential: a secret, a masked output, or a Key Vault secret's output. */
const holdsSecretIn =
  (workflow: Workflow) =>
  (expression: string): boolean =>
    /\bsecrets\./.test(expression) ||
    SECRET_OUTPUTS.some((name) => new RegExp(`\\.outputs\\.${name}\\b`).test(expression)) ||
    allSteps(workflow).some(
      (step) =>
        step.id !== undefined &&
        keyVaultNames(step).some((name) => new RegExp(`\\bsteps\\.${step.id}\\.outputs\\.${name}\\b`).test(expression))
    );

/** What each `run:` script of a workflow would have written into it that holds a credential. */
function secretsInRunScripts(workflow: Workflow): string[] {
  const holdsSecret = holdsSecretIn(workflow);
  // Environment variables set from a credential anywhere, and the ones export-variable and export-secrets create.
  const secretEnv = new Set<string>();
  const envBlocks = [
    workflow.env,
    ...Object.values(workflow.jobs).flatMap((job) => [job.env, ...(job.steps ?? []).map((step) => step.env)])
  ];
  for (const block of envBlocks) {
    for (const [name, value] of Object.entries(block ?? {})) if (expressions(String(value)).some(holdsSecret)) secretEnv.add(name);
  }
  for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps ?? [])) {
    const exported = step.with?.['export-variable'];
    if (typeof exported === 'string') secretEnv.add(exported);
    if (String(step.with?.['export-secrets']) === 'true') for (const name of keyVaultNames(step)) secretEnv.add(name);
  }
  const found: string[] = [];
  for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps ?? [])) {
    for (const expression of expressions(step.run ?? '')) {
      const viaEnv = /\benv\.([A-Za-z_][A-Za-z0-9_]*)/.exec(expression)?.[1];
      if (holdsSecret(expression) || (viaEnv && secretEnv.has(viaEnv))) found.push(`\${{ ${expression} }}`);
    }
  }
  return found;
}

/** Each curl command in a script whose short options do not include -s, -S and -f. */
const curlsWithoutSSf = (script: string): string[] =>
  [...script.matchAll(/\bcurl\b([^\n]*)/g)]
    .map((m) => m[0])
    .filter((command) => {
      const flags = [...command.matchAll(/\s-([A-Za-z]+)/g)].map((m) => m[1]).join('');
      return !(flags.includes('s') && flags.includes('S') && flags.includes('f'));
    });

const workflows = snippets.map((snippet) => parse(asWorkflow(snippet)) as Workflow);
const runSteps = (workflow: Workflow): { step: Step; shell: string | undefined }[] =>
  Object.values(workflow.jobs).flatMap((job) =>
    (job.steps ?? []).filter((step) => step.run !== undefined).map((step) => ({ step, shell: step.shell ?? job.defaults?.run?.shell }))
  );

describe('README workflow snippets', () => {
  it('are there', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(10);
  });

  it.each(snippets.map((snippet, i) => [i + 1, snippet]))('#%i is a valid workflow', (_, snippet) => {
    const workflow = asWorkflow(String(snippet));
    expect(() => parse(workflow)).not.toThrow();
    expect(validateWorkflow(workflow).errors).toEqual([]);
  });

  it('know which outputs hold a credential', () => {
    expect(SECRET_OUTPUTS).toContain('access-token');
  });

  it.each(workflows.map((workflow, i) => [i + 1, workflow]))('#%i writes no credential into a run: script', (_, workflow) => {
    expect(secretsInRunScripts(workflow as Workflow)).toEqual([]);
  });

  it.each(workflows.map((workflow, i) => [i + 1, workflow]))(
    '#%i calls curl with -sSf and says which shell runs each script',
    (_, workflow) => {
      for (const { step, shell } of runSteps(workflow as Workflow)) {
        expect(curlsWithoutSSf(step.run ?? '')).toEqual([]);
        expect(shell).toMatch(/^(bash|pwsh)$/);
      }
    }
  );

  it('has the recipes people ask for', () => {
    const steps = workflows.flatMap((workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []));
    expect(steps.filter((step) => step.shell === 'pwsh').length).toBeGreaterThanOrEqual(3);
    expect(
      steps.some(
        (step) => step.env?.['ARM_USE_MSI'] === 'true' && String(step.env['ARM_SUBSCRIPTION_ID']).includes('outputs.subscription-id')
      )
    ).toBe(true);
    expect(readme).toMatch(/^### Pull requests from forks$/m);
    expect(readme).toContain('if: ${{ !github.event.pull_request || github.event.pull_request.head.repo.full_name == github.repository }}');
    expect(readme).toMatch(/^## Container jobs and Docker$/m);
    expect(readme).not.toMatch(/host network/i);
  });

  it('use only declared inputs and outputs', () => {
    for (const workflow of workflows) {
      const steps = allSteps(workflow);
      for (const step of steps.filter((step) => step.uses === 'org/msi-token@v1')) {
        for (const name of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
      }
      // An output of one of the action's steps is one action.yml declares, or a secret its key-vault-secrets names.
      for (const [, id, name] of JSON.stringify(workflow).matchAll(/steps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g)) {
        const step = steps.find((candidate) => candidate.id === id);
        if (step?.uses !== 'org/msi-token@v1') continue;
        expect([...Object.keys(action.outputs), ...keyVaultNames(step)]).toContain(name);
      }
    }
  });

  it('shows a Key Vault secret reaching a script through env:, and a certificate file removed in an if: always() step', () => {
    const steps = workflows.flatMap(allSteps);
    expect(steps.some((step) => keyVaultNames(step).length > 0)).toBe(true);
    const certificate = workflows.find((workflow) =>
      allSteps(workflow).some((step) => /base64 -d > "\$RUNNER_TEMP\//.test(step.run ?? ''))
    );
    expect(certificate && allSteps(certificate).some((step) => /umask 077/.test(step.run ?? ''))).toBe(true);
    expect(
      certificate &&
        allSteps(certificate).some((step) => (step as Step & { if?: string }).if === 'always()' && /rm -f/.test(step.run ?? ''))
    ).toBe(true);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped (not - or _), spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe('README inputs table', () => {
  it('lists exactly the inputs action.yml declares', () => {
    const table = /^## Inputs\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    const listed = [...table.matchAll(/^\| `([a-z-]+)` /gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual(Object.keys(action.inputs).sort());
  });
});

describe('README and the pages it links', () => {
  const pages = ['README.md', 'SECURITY.md', 'docs/TROUBLESHOOTING.md'];
  const text = new Map(pages.map((page) => [page, readFileSync(join(ROOT, page), 'utf8')]));

  it('shows the workflow before anything else, and starts Develop with the two commands', () => {
    const firstBlock = /^```(\w*)\n([\s\S]*?)^```$/m.exec(readme);
    expect(firstBlock?.[1]).toBe('yaml');
    expect(firstBlock?.[2]).toContain('uses: org/msi-token@v1');
    const develop = readme.slice(readme.search(/^## Develop$/m));
    const commands = /^```sh\n([\s\S]*?)^```$/m
      .exec(develop)?.[1]
      ?.split('\n')
      .map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands?.slice(0, 2)).toEqual(['npm start', 'npm ci && npm test']);
  });

  it('has a table of contents whose every entry is a heading', () => {
    const contents = /^## Contents\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    const targets = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(10);
    const anchors = anchorsOf(readme);
    expect(targets.filter((target) => !anchors.has(target))).toEqual([]);
  });

  it('link only to headings that exist', () => {
    const broken: string[] = [];
    for (const [page, markdown] of text) {
      for (const [, path, fragment] of markdown.matchAll(/\]\(([^)\s#]*)#([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(path!)) continue;
        const target = path ? normalize(join(dirname(page), path)) : page;
        const targetText = text.get(target);
        if (targetText === undefined) broken.push(`${page}: ${path}#${fragment} (not a page this test reads)`);
        else if (!anchorsOf(targetText).has(fragment!)) broken.push(`${page}: ${path}#${fragment}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
