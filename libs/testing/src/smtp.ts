import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received and parsed it. */
export interface ReceivedMail {
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly url: string;
  readonly messages: ReceivedMail[];
  /** Messages to one address (envelope recipient), in arrival order. */
  to(address: string): ReceivedMail[];
  /** Waits until `count` messages to `address` match `filter` (or throws after the timeout). */
  waitFor(address: string, filter: (m: ReceivedMail) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops listening (an SMTP outage); `start()` listens on the same port again. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A real SMTP server for the tests (nodemailer's smtp-server): accepts every message without
 * authentication on 127.0.0.1, parses it with mailparser and keeps it. A recipient whose local part starts
 * with `refused` is answered 550 (a permanent failure), one starting with `busy` 451 (a transient one).
 */
export async function startTestSmtpServer(port = 0): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  let boundPort = port;

  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const local = address.address.split('@')[0];
        if (local.startsWith('refused')) {
          const err = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        if (local.startsWith('busy')) {
          const err = new Error('4.2.1 try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
            messages.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: parsed.from?.text ?? '',
              to: Array.isArray(parsed.to) ? parsed.to.map((t) => t.text).join(', ') : (parsed.to?.text ?? ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen(boundPort, '127.0.0.1', () => resolve());
    });
    boundPort = (server.server.address() as AddressInfo).port;
  };
  await listen();

  const to = (address: string) => messages.filter((m) => m.envelopeTo.includes(address.toLowerCase()));
  return {
    get port() {
      return boundPort;
    },
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
    messages,
    to,
    async waitFor(address, filter, count = 1, timeoutMs = 30000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = to(address).filter(filter);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`${found.length} of ${count} messages to ${address} within ${timeoutMs} ms (got: ${to(address).map((m) => m.subject).join(' | ') || 'none'})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async start() {
      if (!server) await listen();
    },
  };
}
