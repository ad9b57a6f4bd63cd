import { IDS } from '../../__fixtures__/bodies.js';
import { imdsThatGave } from '../../src/sources/imds.js';
import { SELECTOR_INPUTS, selectorProblem, SOURCE_CHOICES, SOURCE_NAMES } from '../../src/sources/table.js';

describe('the sources table', () => {
  it('lists the sources in the order auto-detection tries them, after auto', () => {
    expect(SOURCE_CHOICES).toEqual(['auto', 'workload-identity', 'app-service', 'arc', 'imds', 'vm-extension']);
  });

  it.each([
    ['imds', ['client-id', 'object-id', 'identity-resource-id']],
    ['app-service', ['client-id', 'object-id', 'identity-resource-id']],
    ['vm-extension', ['client-id', 'object-id']],
    ['workload-identity', ['client-id']],
    ['arc', []]
  ] as const)('%s honours %j, and explains the rest as a whole sentence', (source, honoured) => {
    expect(SOURCE_NAMES).toContain(source);
    for (const input of SELECTOR_INPUTS) {
      const problem = selectorProblem(source, { input, value: input === 'identity-resource-id' ? IDS.resourceId : IDS.clientId });
      if ((honoured as readonly string[]).includes(input)) expect(problem).toBeUndefined();
      else expect(problem).toMatch(new RegExp(`^Input '${input}' cannot be used with source '${source}': .+\\.$`));
    }
  });
});

describe('imdsThatGave', () => {
  it("is the endpoint an imds token came from, else the VM's own IMDS", () => {
    expect(imdsThatGave({ source: 'imds', endpoint: 'http://127.0.0.1:8080/metadata/identity/oauth2/token' })).toBe(
      'http://127.0.0.1:8080'
    );
    expect(imdsThatGave({ source: 'imds', endpoint: 'http://169.254.169.254/metadata/identity/oauth2/token' })).toBe(
      'http://169.254.169.254'
    );
    expect(imdsThatGave({ source: 'vm-extension', endpoint: 'http://localhost:50342/oauth2/token' })).toBe('http://169.254.169.254');
  });
});
