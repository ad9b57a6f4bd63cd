/**
 * src/toolkit/job-summary.ts against @actions/core's `summary`: the same `addRaw(...).write()`
 * calls leave the same bytes in the job summary file, and each way it cannot be written gives
 * core's error message. One difference, on purpose: a FIFO in the file's place fails at once
 * instead of waiting for a reader (the write is synchronous, so it must never wait).
 */
import * as core from '@actions/core';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summary } from '../../src/toolkit/job-summary.js';

const folder = mkdtempSync(join(tmpdir(), 'msi-token-job-summary-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const saved = process.env['GITHUB_STEP_SUMMARY'];
afterEach(() => {
  if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
  else process.env['GITHUB_STEP_SUMMARY'] = saved;
});

type Summary = { addRaw(text: string): { write(): Promise<unknown> } };
/**
 * A fresh core summary each time: core's remembers the first file it found, for the rest of the
 * process (the action writes once, so the replacement need not).
 */
const coreSummary = (): Summary => new (core.summary.constructor as new () => Summary)();
const MARKDOWN = ['### Azure managed identity token ✅\n\n<table><tr><th>Source</th><td>imds</td></tr></table>\n', 'Grüße 東京\r\n', ''];

async function written(writer: Summary, name: string, before = 'earlier step\n'): Promise<string> {
  const file = join(folder, name);
  writeFileSync(file, before);
  process.env['GITHUB_STEP_SUMMARY'] = file;
  for (const markdown of MARKDOWN) await writer.addRaw(markdown).write();
  // What was written is gone from the buffer: a second write adds nothing more.
  await writer.addRaw('').write();
  return readFileSync(file, 'utf8');
}

/** The message a write fails with, or 'written'. (A failed write leaves 'x' behind in the buffer: a fresh one each time.) */
async function failure(writer: Summary): Promise<string> {
  try {
    await writer.addRaw('x').write();
    return 'written';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('summary.addRaw(markdown).write()', () => {
  it("appends the same bytes as @actions/core's", async () => {
    const theirs = await written(coreSummary(), 'core');
    expect(await written(summary, 'ours')).toBe(theirs);
    expect(theirs).toBe(`earlier step\n${MARKDOWN.join('')}`);
  });

  it("fails with core's message when there is no summary file, or it cannot be read and written", async () => {
    delete process.env['GITHUB_STEP_SUMMARY'];
    expect(await failure(summary)).toBe(await failure(coreSummary()));
    expect(await failure(summary)).toMatch(/^Unable to find environment variable for \$GITHUB_STEP_SUMMARY\./);

    process.env['GITHUB_STEP_SUMMARY'] = join(folder, 'missing');
    expect(await failure(summary)).toBe(await failure(coreSummary()));
    expect(await failure(summary)).toBe(
      `Unable to access summary file: '${join(folder, 'missing')}'. Check if the file has correct read/write permissions.`
    );

    const folderInstead = join(folder, 'a-folder');
    mkdirSync(folderInstead);
    process.env['GITHUB_STEP_SUMMARY'] = folderInstead;
    expect(await failure(summary)).toBe(await failure(coreSummary()));
    expect(await failure(summary)).toMatch(/^EISDIR: illegal operation on a directory/);

    if (process.getuid?.() !== 0) {
      // (root may write anything, so the permission check needs another user.)
      const readOnly = join(folder, 'read-only');
      writeFileSync(readOnly, '');
      chmodSync(readOnly, 0o444);
      process.env['GITHUB_STEP_SUMMARY'] = readOnly;
      expect(await failure(summary)).toBe(await failure(coreSummary()));
    }
  });

  it('fails at once on a FIFO nobody reads, where a synchronous write would wait for ever', async () => {
    if (process.platform === 'win32') return;
    const fifo = join(folder, 'fifo');
    execFileSync('mkfifo', [fifo]);
    process.env['GITHUB_STEP_SUMMARY'] = fifo;
    expect(await failure(summary)).toMatch(/^ENXIO: no such device or address, open/);
  });
});
