/**
 * Reading a file from outside the careful way: opened once and read from that one descriptor, so
 * the file that was checked is the file that is read (a swap between a check by name and a read
 * by name could send another file's content as a credential), and a FIFO or device is refused at
 * once instead of blocking the step. Used for Azure Arc's key, the federated token and the
 * runner's event file.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statfsSync } from 'node:fs';

/** procfs and sysfs (statfs magic numbers): their files describe the system and hold no credentials. */
const SYSTEM_FILESYSTEMS = new Set([0x9fa0, 0x62656572]);

/** Why a file is not read; callers say what that means for them. */
export class UnsafeFile extends Error {
  override name = 'UnsafeFile';
}

export interface FileRules {
  readonly maxBytes: number;
  /**
   * Whether a symbolic link may lead to the file. Kubernetes projects service account tokens
   * through links (..data/token), so the federated token follows them; Arc's key must not.
   */
  readonly followLinks: boolean;
}

export function readFileOnce(file: string, { maxBytes, followLinks }: FileRules): string {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below as not a file).
  // O_NOFOLLOW where the platform has it; elsewhere (Windows) the link is looked for by name
  // first and the opened file compared with what was looked at.
  const noFollow = !followLinks && constants.O_NOFOLLOW !== undefined ? constants.O_NOFOLLOW : 0;
  const byName = !followLinks && noFollow === 0 ? lstatSync(file) : undefined;
  if (byName?.isSymbolicLink()) throw new UnsafeFile('is a symbolic link, which could point anywhere');
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | noFollow);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new UnsafeFile('is a symbolic link, which could point anywhere');
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UnsafeFile('is not a regular file');
    if (process.platform === 'linux' && SYSTEM_FILESYSTEMS.has(statfsSync(file).type)) {
      throw new UnsafeFile('is a file of the system (in /proc or /sys)');
    }
    if (byName && (byName.ino !== stat.ino || byName.dev !== stat.dev)) throw new UnsafeFile('changed while it was being opened');
    // A hard link into the folder would pass any check by name: the key files have one link.
    if (!followLinks && stat.nlink !== 1) throw new UnsafeFile(`has ${stat.nlink} hard links, so it may be another file's content`);
    if (stat.size > maxBytes) throw new UnsafeFile(`is ${stat.size} bytes, more than the ${maxBytes} such a file ever holds`);
    // Read at most one byte past what the size said: a file that grows while it is read, or a
    // /proc or /sys file (which says it is empty and is not), is not a credential file.
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > stat.size) {
      throw new UnsafeFile(stat.size === 0 ? 'is a file of the system (it reports no size but has content)' : 'grew while it was read');
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
