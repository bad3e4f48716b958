// "It is not there" is an answer, not an error, for a step that re-reads a device or a record before acting.
import { NotFoundError } from '../../../errors';

/** The value, or null when the outside system says it does not exist (NotFoundError); other errors propagate. */
export async function nullIfNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
