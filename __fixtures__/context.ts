/**
 * A source context for tests: the real HTTP layer (nock answers it), a fake clock, an
 * environment of the test's choosing, and a log and mask list that record what a source did.
 */
import { send } from '../src/http/send.js';
import { Secrets } from '../src/text/secrets.js';
import type { SourceContext } from '../src/sources/context.js';
import { type FakeClock, fakeClock } from './clock.js';

export interface RecordingContext extends SourceContext {
  readonly clock: FakeClock;
  readonly lines: { level: 'info' | 'warning' | 'debug'; message: string }[];
  readonly masked: string[];
}

export function tokenContext({
  timeoutSeconds = 90,
  random = 0.5,
  env = {} as Record<string, string>,
  platform = 'linux' as NodeJS.Platform
} = {}): RecordingContext {
  const clock = fakeClock({ random });
  const lines: RecordingContext['lines'] = [];
  const masked: string[] = [];
  const secrets = new Secrets();
  return {
    send,
    clock,
    env,
    platform,
    deadline: clock.now() + timeoutSeconds * 1000,
    timeoutSeconds,
    lines,
    masked,
    log: {
      info: (message) => void lines.push({ level: 'info', message }),
      warning: (message) => void lines.push({ level: 'warning', message }),
      debug: (message) => void lines.push({ level: 'debug', message })
    },
    maskSecret: (secret) => {
      masked.push(secret);
      secrets.add(secret);
    },
    secrets
  };
}
