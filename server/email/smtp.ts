import nodemailer from 'nodemailer';
import type { Mailer } from './mailer.ts';

/** Node: SMTP through nodemailer, e.g. `smtp://user:pass@smtp.example:587` or `smtps://…:465`. */
export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers,
      });
    },
  };
}
