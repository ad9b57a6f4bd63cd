/**
 * What the step hands to later steps, each value from an answer checked against the form it must
 * have. A value that does not fit is not handed over at all (a later step could run it), and
 * one warning names what was left out. The log and the summary show the same checked values.
 */
import type { AccessToken } from './types.js';
import { ARM_RESOURCE_ID, GUID, RESOURCE, type Shape, TOKEN_TYPE } from './text/shapes.js';

export interface Checked {
  /** Output name → value; '' where the answer did not say. */
  readonly values: Readonly<Record<string, string>>;
  /** "client-id (not a GUID)", for the one warning. */
  readonly dropped: readonly string[];
}

type Candidates = Record<string, readonly [value: string, shape: Shape, form: string]>;

export function checked(candidates: Candidates): Checked {
  const values: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, [value, shape, form]] of Object.entries(candidates)) {
    if (value === '' || shape.test(value)) values[name] = value;
    else dropped.push(`${name} (not ${form})`);
  }
  return { values, dropped };
}

/** The one warning for what was left out of `from` ("the VM's record"), or undefined when nothing was. */
export function droppedWarning(dropped: readonly string[], from: string): string | undefined {
  if (dropped.length === 0) return undefined;
  return (
    `Not handed over, because ${from} gave values without the form they must have: ${dropped.join(', ')}. Something other ` +
    'than the Azure endpoint may be answering; the token itself was checked separately.'
  );
}

/** The token's outputs besides the token itself. `expiresOn` and `source` are the action's own. */
export function tokenOutputs(token: AccessToken, expiresOn: string): Checked {
  const result = checked({
    'token-type': [token.tokenType, TOKEN_TYPE, 'a word'],
    resource: [token.resource, RESOURCE, 'a resource URI'],
    'client-id': [token.clientId, GUID, 'a GUID'],
    'object-id': [token.objectId, GUID, 'a GUID'],
    'tenant-id': [token.tenantId, GUID, 'a GUID'],
    'identity-resource-id': [token.identityResourceId, ARM_RESOURCE_ID, 'an ARM resource ID']
  });
  return { values: { 'expires-on': expiresOn, ...result.values, source: token.source }, dropped: result.dropped };
}
