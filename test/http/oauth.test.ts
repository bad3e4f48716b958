// Token endpoint requests against a local token endpoint: the grant as a form or as JSON, the token and its
// lifetime read back, and a refused grant reported as UnauthorizedError with the OAuth error code and a hint,
// never the secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../../src/errors';
import { requestClientCredentialsToken, tokenEndpointClient } from '../../src/http/oauth';
import { FakeHttpServer, noSleep, type Reply } from '../adapters/fake-http';

const SECRET = 'client-secret-value-9';
let answer: Reply;
let server: FakeHttpServer;
beforeEach(async () => {
  answer = { status: 200, body: { access_token: 'tok-1', expires_in: 299 } };
  server = await new FakeHttpServer(() => answer).start();
});
afterEach(() => server.close());

describe('token endpoint requests', () => {
  it('posts a form grant without Authorization and returns the token with its lifetime', async () => {
    const token = await requestClientCredentialsToken({
      system: 'x',
      tokenUrl: `${server.url}/token`,
      form: { grant_type: 'client_credentials', client_secret: SECRET },
    });
    expect(token).toEqual({ token: 'tok-1', expiresInSec: 299 });
    const [request] = server.received('/token', 'POST');
    expect(request!.body).toEqual({ grant_type: 'client_credentials', client_secret: SECRET });
    expect(request!.headers.authorization).toBeUndefined();
  });

  it('posts a JSON grant and reads the token from the fields the vendor names, an hour when it gives no lifetime', async () => {
    answer = { status: 200, body: { id_token: 'id-tok' } };
    const token = await requestClientCredentialsToken({
      system: 'josys',
      tokenUrl: `${server.url}/tokens`,
      json: { api_user_key: 'k' },
      tokenFields: ['id_token', 'access_token'],
    });
    expect(token).toEqual({ token: 'id-tok', expiresInSec: 3600 });
    expect(server.received('/tokens')[0]!.body).toEqual({ api_user_key: 'k' });
  });

  it('reports a refused grant as Unauthorized with the OAuth code and the hint, never the secret', async () => {
    answer = { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\nTrace ID: 1' } };
    const http = tokenEndpointClient({ system: 'x', tokenUrl: `${server.url}/token`, hint: 'Check X_CLIENT_SECRET.', sleep: noSleep });
    const error = await requestClientCredentialsToken({ system: 'x', tokenUrl: `${server.url}/token`, form: { client_secret: SECRET } }, http).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ code: 'invalid_client', status: 401 });
    expect((error as Error).message).toBe(
      'x: the token endpoint refused the credentials (invalid_client): AADSTS7000215: Invalid client secret provided. Check X_CLIENT_SECRET.',
    );
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('treats the statuses a vendor uses for refusal as refusals, and an answer without a token as Unauthorized', async () => {
    answer = { status: 403, body: { message: 'bad key' } };
    const http = tokenEndpointClient({ system: 'josys', tokenUrl: `${server.url}/t`, refused: [400, 401, 403], sleep: noSleep });
    await expect(requestClientCredentialsToken({ system: 'josys', tokenUrl: `${server.url}/t`, json: {} }, http)).rejects.toBeInstanceOf(UnauthorizedError);
    answer = { status: 200, body: { token_type: 'Bearer' } };
    await expect(requestClientCredentialsToken({ system: 'x', tokenUrl: `${server.url}/t`, form: {} })).rejects.toThrow('answered without an access_token');
  });
});
