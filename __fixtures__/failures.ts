/** The message of the expected failure (an ActionError) of a call or promise; fails the test otherwise. */
import { ActionError } from '../src/text/errors.js';

export async function actionError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return (error as Error).message;
  }
  throw new Error('expected an ActionError, but it succeeded');
}

export function actionErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return (error as Error).message;
  }
  throw new Error('expected an ActionError, but it succeeded');
}
