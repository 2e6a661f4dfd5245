/** What the outbox needs from an email transport: one message, sent or thrown. */
export interface Mailer {
  send(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    headers?: Record<string, string>;
  }): Promise<void>;
}

/**
 * Workers (and any fetch runtime): an HTTP email API. Resend's is documented
 * (`EMAIL_API_URL=https://api.resend.com/emails`, `EMAIL_API_KEY=re_…`);
 * any API taking the same JSON fields works.
 */
export function httpMailer(url: string, apiKey: string, fetcher: typeof fetch = fetch): Mailer {
  return {
    async send(m) {
      const res = await fetcher(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          from: m.from,
          to: [m.to],
          subject: m.subject,
          text: m.text,
          html: m.html,
          headers: m.headers,
        }),
      });
      if (!res.ok) throw new Error(`email API answered ${res.status}`);
    },
  };
}
