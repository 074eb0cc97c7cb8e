import { createServer, Server } from 'node:http';
import { SMTPServer } from 'smtp-server';

import { freePort } from './spawn-app';

export interface ReceivedMail {
  to: string[];
  subject: string;
  raw: string;
  /** The body with quoted-printable decoded (nodemailer's encoding for non-ASCII text such as ৳). */
  text: string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
}

/**
 * A real SMTP server on loopback (the smtp-server package) that keeps every message it accepts. With
 * `acceptDelayMs` it holds each message that long before answering (a slow server); `arriving` counts messages
 * whose data has been received, accepted or not yet.
 */
export async function startSmtp(options: { acceptDelayMs?: number } = {}): Promise<{
  url: string;
  messages: ReceivedMail[];
  arriving(): number;
  close(): Promise<void>;
}> {
  const messages: ReceivedMail[] = [];
  let arriving = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const subject = /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? '';
        const [head, ...rest] = raw.split(/\r?\n\r?\n/);
        const body = rest.join('\n\n');
        const text = /quoted-printable/i.test(head) ? decodeQuotedPrintable(body) : body;
        arriving += 1;
        setTimeout(() => {
          messages.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, raw, text });
          callback();
        }, options.acceptDelayMs ?? 0);
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    arriving: () => arriving,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface WebhookHit {
  at: number;
  status: number;
  text: string;
}

/**
 * A chat-webhook receiver; `failNext` makes the next N posts answer 500 (to exercise retries). `received` holds
 * the accepted posts, `hits` every post with its time and answer.
 */
export async function startWebhook(): Promise<{
  url: string;
  received: Array<{ text: string }>;
  hits: WebhookHit[];
  failNext(count: number): void;
  close(): Promise<void>;
}> {
  const received: Array<{ text: string }> = [];
  const hits: WebhookHit[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const message = JSON.parse(body) as { text: string };
      if (failures > 0) {
        failures -= 1;
        hits.push({ at: Date.now(), status: 500, text: message.text });
        res.writeHead(500).end('temporarily broken');
        return;
      }
      hits.push({ at: Date.now(), status: 200, text: message.text });
      received.push(message);
      res.writeHead(200).end('ok');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hooks/ops`,
    received,
    hits,
    failNext: (count) => (failures = count),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function eventually<T>(
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
