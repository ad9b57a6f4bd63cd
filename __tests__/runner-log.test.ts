/**
 * `npm start` shows the step log as the runner shows it (__fixtures__/runner-log.js): workflow
 * commands obeyed, not printed; their escapes decoded; masked values replaced. The commands here
 * are written by the real `@actions/core`, so the decoding is checked against its encoding.
 */
import * as core from '@actions/core';
import { jest } from '@jest/globals';
import { parseCommand, runnerLog } from '../__fixtures__/runner-log.js';

/** What `@actions/core` prints for `act`. */
function printed(act: () => void): string {
  let out = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    act();
  } finally {
    write.mockRestore();
  }
  return out;
}

describe('the step log as the runner shows it', () => {
  it('shows a multi-line error as its lines, with %, CR and LF decoded', () => {
    const stdout = printed(() => core.error('First line: 100% sure.\nSecond line, with a colon: here.\r\nThird.'));
    expect(stdout).toContain('%0A');
    expect(runnerLog(stdout)).toEqual(['Error: First line: 100% sure.', 'Second line, with a colon: here.', 'Third.']);
  });

  it('shows debug lines, decoded, only with step debug logging on', () => {
    const url = 'http://127.0.0.1:8080/metadata/identity/oauth2/token?resource=https%3A%2F%2Fvault.azure.net';
    const stdout = printed(() => core.debug(`GET ${url}`));
    expect(stdout).toContain('%253A');
    expect(runnerLog(stdout, { debug: true })).toEqual([`##[debug]GET ${url}`]);
    expect(runnerLog(stdout)).toEqual([]);
  });

  it('masks each line of a multi-line value on its own too, as runners since 2.286.0 do', () => {
    const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\n-----END KEY-----';
    const stdout = printed(() => {
      core.setSecret(pem);
      core.info('the second line alone: MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf.');
    });
    expect(runnerLog(stdout)).toEqual(['the second line alone: ***.']);
  });

  it('masks a value from the moment it is registered, and hides the registration', () => {
    const stdout = printed(() => {
      core.info('before: s3cr3t-value');
      core.setSecret('s3cr3t-value');
      core.info('after: s3cr3t-value');
      core.warning('warned with s3cr3t-value inside');
    });
    expect(runnerLog(stdout)).toEqual(['before: s3cr3t-value', 'after: ***', 'Warning: warned with *** inside']);
  });

  it('decodes properties, where : and , are escaped too', () => {
    const stdout = printed(() => core.warning('The message, 50%.', { title: 'A title: with, punctuation 100%' }));
    const command = parseCommand(stdout.trim());
    expect(command).toEqual({ name: 'warning', properties: { title: 'A title: with, punctuation 100%' }, message: 'The message, 50%.' });
    expect(runnerLog(stdout)).toEqual(['Warning: The message, 50%.']);
  });

  it('prints commands as text while they are stopped', () => {
    const stdout = '::stop-commands::pause-1\n::error::not an error\n::pause-1::\n::error::an error\n';
    expect(runnerLog(stdout)).toEqual(['::error::not an error', 'Error: an error']);
  });
});
