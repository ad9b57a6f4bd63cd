/**
 * What is worth a warning about a secret that was read: dates Key Vault does not enforce (it
 * returns expired and not-yet-valid secrets, §1 of ../../shared/azure-key-vault.md), and lines so
 * short that the runner's mask, which has no minimum length, will hide them all over the job's
 * log (§5). Never a failure, and never a word of the value itself.
 */
import { isoSeconds } from '../text/time.js';
import { VALUE_LINE_MIN_CHARS } from '../text/secrets.js';
import { secretLabel, type VaultSecret } from './secret-call.js';

const DAY_MS = 86_400_000;
/** A secret expiring this soon gets a warning: the next run may already fail. */
const EXPIRY_WARNING_DAYS = 7;

export function secretWarnings({ entry, value, expires, notBefore, enabled }: VaultSecret, now: number): string[] {
  const which = `The secret ${entry.name} (${secretLabel(entry)})`;
  const warnings: string[] = [];
  if (expires && expires.getTime() <= now) {
    warnings.push(
      `${which} expired at ${isoSeconds(expires)}. Key Vault still returns it, but whoever set the expiry meant it to be replaced: ` +
        'set a new version, or a later expiry date.'
    );
  } else if (expires && expires.getTime() - now <= EXPIRY_WARNING_DAYS * DAY_MS) {
    const days = Math.max(1, Math.ceil((expires.getTime() - now) / DAY_MS));
    warnings.push(
      `${which} expires at ${isoSeconds(expires)}, within ${days} day(s): set a new version, or a later expiry date, before then.`
    );
  }
  if (notBefore && notBefore.getTime() > now) {
    warnings.push(
      `${which} is not valid before ${isoSeconds(notBefore)} (its activation date). Key Vault returns it anyway; what it unlocks may not accept it yet.`
    );
  }
  if (enabled === false) warnings.push(`${which} came back although the vault says it is disabled; check its state in the vault.`);
  const short = value.split(/\r?\n/).filter((line) => {
    const length = line.trim().length;
    return length > 0 && length < VALUE_LINE_MIN_CHARS;
  }).length;
  if (short > 0) {
    warnings.push(
      value.includes('\n')
        ? `${which} has ${short === 1 ? 'a line' : `${short} lines`} shorter than ${VALUE_LINE_MIN_CHARS} characters (such as the ` +
            "braces of pretty-printed JSON). The runner masks every line of a secret, so those short strings will be hidden everywhere in this job's " +
            'log, wherever they appear. Store the value compact instead: JSON on one line (jq -c), or the whole value in base64.'
        : `${which} is shorter than ${VALUE_LINE_MIN_CHARS} characters. The runner masks it, so that string will be hidden everywhere in ` +
            "this job's log, wherever it appears. A longer value avoids that."
    );
  }
  return warnings;
}
