// The client assertion Apple's OAuth guide asks for ("Implementing OAuth for the Apple School Manager and
// Apple Business API"): a JWT signed ES256 with the API account's private key, header {alg, kid}, claims
// iss = sub = client id, aud = the v2 token URL, iat, exp (at most 180 days later) and a unique jti.
// We mint a short-lived one per token request instead of a 180-day one: nothing long-lived to leak.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AbmCredentials } from './credentials';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const LIFETIME_SEC = 10 * 60;

export async function createClientAssertion(credentials: AbmCredentials, audience: string, now: Date = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: credentials.keyId })
    .setIssuer(credentials.clientId)
    .setSubject(credentials.clientId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LIFETIME_SEC)
    .setJti(randomUUID())
    .sign(credentials.privateKey);
}
