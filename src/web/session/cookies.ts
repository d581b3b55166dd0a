/** The back office's cookies and their attributes. */
import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'tb_session';
/** Holds the CSRF secret of the sign-in form, before there is a session (login CSRF). */
export const PRESESSION_COOKIE = 'tb_presession';
export const FLASH_COOKIE = 'tb_flash';

/**
 * HttpOnly (scripts never see it), SameSite=Lax (no cross-site POST carries it), Path=/ and
 * Secure when the back office is served over https (PUBLIC_URL decides; default not secure,
 * since http://localhost is the embedded default).
 */
export function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, ...(maxAgeSeconds !== undefined && { maxAge: maxAgeSeconds }) };
}
