/**
 * A failure the action expects and can explain: bad input, an endpoint's refusal, a timeout.
 * Its message is complete (what happened, where, the likely fix), so it is printed without a
 * stack trace. Anything else reaching the top is a bug, and its stack goes to the debug log.
 */
export class ActionError extends Error {
  override name = 'ActionError';
}

/** `text` starting with a capital, for names that can begin a sentence ("the VM extension"). */
export const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** `text` ending with exactly one full stop, however the endpoint ended its own message. */
export const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The text of any thrown value, without the "Error: " prefix that String(error) would add. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
