import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Files sent with it (report exports); with a `cid`, a picture the HTML body shows (`<img src="cid:…">`). */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string; cid?: string }>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Sends e-mail through the SMTP server of SMTP_URL. A server that does not
 * answer fails the sending within seconds (the mail job retries it later)
 * rather than holding a worker slot for minutes.
 */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}
