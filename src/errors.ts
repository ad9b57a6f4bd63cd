/**
 * A failure the action expects and can explain: bad input, an endpoint's refusal, a timeout.
 * Its message is complete (what happened, where, the likely fix), so it is printed without a
 * stack trace. Anything else reaching the top is a bug, and its stack goes to the debug log.
 */
export class ActionError extends Error {
  override name = 'ActionError';
}

/** The text of any thrown value, without the "Error: " prefix that String(error) would add. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
