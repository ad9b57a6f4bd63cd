/**
 * The token sources and what each can do: the one table that input checks, auto-detection, Arc
 * and the VM extension consult. Order matters: it is the order `source` lists them in, and the
 * order auto-detection tries them (most specific first, IMDS and its legacy extension last).
 */
export const SELECTOR_INPUTS = ['client-id', 'object-id', 'identity-resource-id'] as const;
export type SelectorInput = (typeof SELECTOR_INPUTS)[number];

/** Which identity to ask for; `undefined` means the host's system-assigned identity. */
export interface IdentitySelector {
  readonly input: SelectorInput;
  readonly value: string;
}

interface SourceFacts {
  /** The selector inputs this source's endpoint honours. */
  readonly selectors: readonly SelectorInput[];
  /** Why it does not honour the others, and what to do instead: `input` is the one given. */
  readonly otherwise: (input: SelectorInput) => string;
}

const SOURCE_FACTS = {
  'workload-identity': {
    selectors: ['client-id'],
    otherwise: () =>
      "Entra ID identifies the workload identity by its client ID. Use 'client-id' (or let AZURE_CLIENT_ID, which AKS sets from the service account, decide)."
  },
  'app-service': { selectors: SELECTOR_INPUTS, otherwise: () => '' },
  arc: {
    selectors: [],
    otherwise: (input) => `an Azure Arc-enabled server has only its own system-assigned identity. Remove '${input}'.`
  },
  imds: { selectors: SELECTOR_INPUTS, otherwise: () => '' },
  'vm-extension': {
    selectors: ['client-id', 'object-id'],
    otherwise: () => "the legacy VM extension only knows 'client-id' and 'object-id'. Use one of those, or source 'imds'."
  }
} as const satisfies Record<string, SourceFacts>;

export type SourceName = keyof typeof SOURCE_FACTS;
export const SOURCE_NAMES = Object.keys(SOURCE_FACTS) as SourceName[];
/** What the `source` input takes. */
export const SOURCE_CHOICES = ['auto', ...SOURCE_NAMES] as const;
export type SourceChoice = 'auto' | SourceName;

/** Why `source` cannot honour `identity`, as a whole sentence; undefined when it can. */
export function selectorProblem(source: SourceName, identity: IdentitySelector): string | undefined {
  const facts: SourceFacts = SOURCE_FACTS[source];
  if (facts.selectors.includes(identity.input)) return undefined;
  return `Input '${identity.input}' cannot be used with source '${source}': ${facts.otherwise(identity.input)}`;
}
