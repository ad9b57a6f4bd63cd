/**
 * A fake of the runner side of `@actions/core`: inputs come from `withInputs`, and every call
 * is recorded in order, so tests can assert what happened and in which order (the mask first).
 */
import type { Core } from '../src/main.js';

export type CoreCall =
  | { readonly fn: 'setSecret'; readonly value: string }
  | { readonly fn: 'setOutput'; readonly name: string; readonly value: string }
  | { readonly fn: 'exportVariable'; readonly name: string; readonly value: string }
  | { readonly fn: 'info' | 'warning' | 'debug' | 'setFailed' | 'summary'; readonly value: string };

export interface FakeCore extends Core {
  readonly calls: CoreCall[];
  readonly outputs: Record<string, string>;
  readonly exported: Record<string, string>;
  /** Every line written to the log (info, warning, debug, the failure), in order. */
  readonly logLines: () => string[];
  readonly failure: () => string | undefined;
  /** Everything written to the job summary. */
  readonly summaryText: () => string;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value instanceof Error ? value.message : JSON.stringify(value);

export function withInputs(inputs: Record<string, string> = {}): FakeCore {
  const calls: CoreCall[] = [];
  const outputs: Record<string, string> = {};
  const exported: Record<string, string> = {};
  return {
    calls,
    outputs,
    exported,
    logLines: () => calls.filter((c) => ['info', 'warning', 'debug', 'setFailed'].includes(c.fn)).map((c) => c.value),
    failure: () => calls.find((c) => c.fn === 'setFailed')?.value,
    summaryText: () =>
      calls
        .filter((c) => c.fn === 'summary')
        .map((c) => c.value)
        .join(''),
    // As `core.summary`: what addRaw buffers lands in the summary on write().
    summary: {
      addRaw: (value) => ({ write: async () => void calls.push({ fn: 'summary', value }) })
    },
    getInput: (name) => (inputs[name] ?? '').trim(),
    setSecret: (value) => void calls.push({ fn: 'setSecret', value }),
    setOutput: (name, value) => {
      calls.push({ fn: 'setOutput', name, value: text(value) });
      outputs[name] = text(value);
    },
    exportVariable: (name, value) => {
      calls.push({ fn: 'exportVariable', name, value: text(value) });
      exported[name] = text(value);
    },
    info: (value) => void calls.push({ fn: 'info', value }),
    warning: (value) => void calls.push({ fn: 'warning', value: text(value) }),
    debug: (value) => void calls.push({ fn: 'debug', value }),
    setFailed: (value) => void calls.push({ fn: 'setFailed', value: text(value) })
  };
}

/** `core.summary` where the job summary cannot be written: write() rejects with `message`. */
export function failingSummary(message: string): Core['summary'] {
  return { addRaw: () => ({ write: () => Promise.reject(new Error(message)) }) };
}
