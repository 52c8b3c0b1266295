import crypto from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../knowledge/index.js';
import { safeEqual } from '../http/safe-equal.js';

/**
 * Direct Line tokens: compact JWTs (HS256) signed with a key derived from the Direct Line
 * secret, bound to one conversation and one user, with an expiry. JWT shape because
 * Microsoft's client reads the `user` claim to learn the user id it must use.
 */

const claimsSchema = z.object({
  iss: z.literal('tro-ly-tthc'),
  conv: z.string().min(1),
  user: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
});

export type TokenClaims = z.infer<typeof claimsSchema>;

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class TokenService {
  private readonly key: Buffer;

  /**
   * @param secret the Direct Line secret (never leaves the server)
   * @param ttlSeconds lifetime of issued tokens
   * @param clock injectable time source
   */
  constructor(
    private readonly secret: string,
    readonly ttlSeconds: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    // A derived key, so a leaked token signature says nothing usable about the secret.
    this.key = crypto.createHmac('sha256', secret).update('directline-token-v1').digest();
  }

  /** True when `candidate` is the Direct Line secret (constant time). */
  isSecret(candidate: string): boolean {
    return safeEqual(candidate, this.secret);
  }

  issue(conversationId: string, userId: string): { token: string; expiresIn: number; claims: TokenClaims } {
    const iat = Math.floor(this.clock().getTime() / 1000);
    const claims: TokenClaims = { iss: 'tro-ly-tthc', conv: conversationId, user: userId, iat, exp: iat + this.ttlSeconds };
    const body = `${HEADER}.${b64url(JSON.stringify(claims))}`;
    const sig = crypto.createHmac('sha256', this.key).update(body).digest('base64url');
    return { token: `${body}.${sig}`, expiresIn: this.ttlSeconds, claims };
  }

  /**
   * Verifies signature and expiry. Malformed or forged tokens are `unauthorized` (401);
   * expired ones `forbidden` (403), which Microsoft's client reads as "token expired".
   */
  verify(token: string): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3) throw new AppError('unauthorized:directline_token', 'Malformed Direct Line token');
    const [header, payload, sig] = parts as [string, string, string];
    const expected = crypto.createHmac('sha256', this.key).update(`${header}.${payload}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (header !== HEADER || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new AppError('unauthorized:directline_token', 'Invalid Direct Line token signature');
    }
    let parsed: TokenClaims;
    try {
      parsed = claimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch (cause) {
      throw new AppError('unauthorized:directline_token', 'Invalid Direct Line token claims', { cause });
    }
    if (parsed.exp <= Math.floor(this.clock().getTime() / 1000)) {
      throw new AppError('forbidden:directline_token_expired', 'Direct Line token expired');
    }
    return parsed;
  }
}

/** A short, non-reversible fingerprint of a secret for logs ("abcd…wxyz" would leak too much). */
export function secretFingerprint(secret: string): string {
  return `sha256:${crypto.createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}
