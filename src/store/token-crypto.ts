/**
 * Tokens at rest: AES-256-GCM with a random 96-bit nonce per write, and the connection id as
 * additional authenticated data, so an envelope copied onto another connection's row does not
 * decrypt. Envelope text: `v1.<nonce b64url>.<ciphertext b64url>.<tag b64url>`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface TokenCipher {
  seal(plaintext: string, context: string): string;
  open(envelope: string, context: string): string;
}

export function makeTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error('the token key must be 32 bytes (AES-256)');
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(envelope, context) {
      const [version, nonce, body, tag] = envelope.split('.');
      if (version !== 'v1' || !nonce || body === undefined || !tag) throw new Error('not a token envelope');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
