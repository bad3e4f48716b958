// "Not there" as null, every other error as it was.
import { describe, expect, it } from 'vitest';
import { NotFoundError, TransientError } from '../../../../src/errors';
import { nullIfNotFound } from '../../../../src/workflows/shared/step-toolkit';

describe('nullIfNotFound', () => {
  it('passes the value through', async () => {
    await expect(nullIfNotFound(Promise.resolve({ id: 'd1' }))).resolves.toEqual({ id: 'd1' });
  });

  it('turns NotFoundError into null', async () => {
    await expect(nullIfNotFound(Promise.reject(new NotFoundError('no such device')))).resolves.toBeNull();
  });

  it('lets every other error through', async () => {
    await expect(nullIfNotFound(Promise.reject(new TransientError('timeout')))).rejects.toBeInstanceOf(TransientError);
  });
});
