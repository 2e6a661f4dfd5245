/** Cloudflare's Turnstile verification endpoint (a local stand-in in tests: `AppDeps.turnstileVerifyUrl`). */
export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/**
 * Asks Turnstile whether `token` (from the widget on the visitor's page) is a
 * passed check for `secret`'s site. `false` only on a clear no; when the
 * endpoint cannot be reached or answers garbage the answer is `null`, and the
 * lead is kept rather than lost (the honeypot and fill time still apply).
 * No address of the visitor is sent.
 */
export async function verifyTurnstile(
  secret: string,
  token: string,
  url = TURNSTILE_VERIFY_URL,
): Promise<boolean | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret, response: token }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return null;
    const data = (await res.json()) as { success?: unknown };
    return typeof data.success === 'boolean' ? data.success : null;
  } catch {
    return null;
  }
}
