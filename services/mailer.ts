// Sending e-mail (the customer notices): through Microsoft Graph when it is configured, otherwise into a local
// outbox folder as .eml files (RFC 5322 / MIME) that a person can open with any mail client.
import { systemClock, type Clock } from './clock';
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { GraphGateway } from './graph';

export interface OutgoingMail {
  /** A mailbox, `address` or `Display Name <address>`; each mailer has a default. */
  from?: string;
  to: string[];
  subject: string;
  /** Plain-text alternative. */
  text: string;
  html: string;
}

export interface Mailer {
  /** Sends (or stores) one message. `id` identifies it; `where` says where it went, for the log. */
  send(message: OutgoingMail): Promise<{ id: string; where: string }>;
}

/** What the mailers log with; a pino Logger fits. */
export interface MailerLog {
  info(obj: object, msg?: string): void;
}

/**
 * Mail through Graph (`POST /users/{sender}/sendMail`), as the configured mailbox. Graph's JSON message has one
 * body, so the HTML is sent and `text` is not. Graph returns no message id: `id` is generated here.
 * A `from` other than the sender is refused (the app may send only as the mailbox its access policy allows).
 */
export class GraphMailer implements Mailer {
  constructor(
    private readonly graph: GraphGateway,
    private readonly sender: string,
  ) {}

  async send(message: OutgoingMail): Promise<{ id: string; where: string }> {
    checkRecipients(message.to);
    if (message.from !== undefined && parseMailbox(message.from).address.toLowerCase() !== this.sender.toLowerCase()) {
      throw new Error(`GraphMailer sends as ${this.sender} only, not as ${message.from}`);
    }
    await this.graph.sendMail(this.sender, { subject: message.subject, html: message.html, text: message.text, to: message.to });
    return { id: randomUUID(), where: `graph:${this.sender}` };
  }
}

export const DEFAULT_LOCAL_SENDER = 'CPOR Assistant <cpor-notices@localhost>';

/**
 * The local default: each message becomes one `.eml` file in `dir` (created when missing), named
 * `<ISO 8601 basic UTC timestamp>-<id>.eml` (e.g. `20261201T130500.123Z-<uuid>.eml`: sorts by time, no colons,
 * so it is a valid file name everywhere). Written to a hidden temporary file, flushed, then renamed: the `.eml`
 * appears complete or not at all. `where` is the file's absolute path.
 */
export class EmlOutboxMailer implements Mailer {
  private readonly dir: string;

  constructor(
    dir: string,
    private readonly log?: MailerLog,
    /** Dates the e-mail (its Date header and file name). */
    private readonly clock: Clock = systemClock,
  ) {
    this.dir = path.resolve(dir);
  }

  async send(message: OutgoingMail): Promise<{ id: string; where: string }> {
    const id = randomUUID();
    const date = this.clock.now();
    const eml = await buildEml(message, { id, date });
    await fs.mkdir(this.dir, { recursive: true });
    const name = `${isoBasic(date)}-${id}.eml`;
    const file = path.join(this.dir, name);
    const temp = path.join(this.dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(eml);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    // The file says to whom and what; the log line names neither (no addresses or message text in the logs).
    this.log?.info({ mail: { id, file, recipients: message.to.length } }, 'e-mail written to the local outbox');
    return { id, where: file };
  }
}

/**
 * One message as RFC 5322 / MIME bytes, written by nodemailer's MailComposer: headers From, To, Subject (RFC 2047
 * "B" encoded words when not plain ASCII), Date, Message-ID, MIME-Version, and a multipart/alternative body with
 * the text/plain and text/html parts in UTF-8, quoted-printable. Lines end in CRLF and none is longer than 78
 * characters. Line breaks in the bodies (LF, CR or CRLF) become CRLF. Exported for tests and tools;
 * `EmlOutboxMailer` uses it.
 */
export async function buildEml(message: OutgoingMail, meta: { id: string; date: Date }): Promise<Buffer> {
  checkRecipients(message.to);
  const from = parseMailbox(message.from ?? DEFAULT_LOCAL_SENDER);
  const to = message.to.map(parseMailbox);
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  // Buffers: an empty body is still a part of its own.
  const part = (content: string) => ({ content: Buffer.from(crlf(content), 'utf8'), contentTransferEncoding: 'quoted-printable' as const });
  const composer = new MailComposer({
    from,
    to,
    // A line break cannot start a header of its own.
    subject: String(message.subject).replace(/[\r\n]+/g, ' '),
    date: meta.date,
    messageId: `<${meta.id}@${domain}>`,
    text: part(message.text),
    html: part(message.html),
    // "B" encoded words in the headers; the parts say their own transfer encoding.
    textEncoding: 'base64',
    newline: '\r\n',
  });
  return new Promise<Buffer>((resolve, reject) => {
    composer.compile().build((err, eml) => (err ? reject(err) : resolve(eml)));
  });
}

const crlf = (text: string) => String(text).replace(/\r\n|\r|\n/g, '\r\n');

// ---------------------------------------------------------------------------------------------------------------

interface Mailbox {
  name?: string;
  address: string;
}

function checkRecipients(to: readonly string[]): void {
  if (!Array.isArray(to) || to.length === 0) throw new Error('an e-mail needs at least one recipient');
}

/**
 * `address` or `Display Name <address>`. The address must be `local@domain` without spaces, controls, angle
 * brackets, commas or quotes; an internationalised domain is converted to its ASCII (punycode) form; a local part
 * must be ASCII (this writer does not produce SMTPUTF8 messages).
 */
function parseMailbox(value: string): Mailbox {
  const m = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>]*))\s*$/s.exec(String(value));
  const rawName = m?.[1]?.trim();
  const rawAddress = (m?.[2] ?? m?.[3] ?? '').trim();
  const at = rawAddress.lastIndexOf('@');
  const local = rawAddress.slice(0, at);
  const domain = at > 0 ? domainToASCII(rawAddress.slice(at + 1)) : '';
  if (!m || at <= 0 || !domain || !/^[\x21-\x7e]+$/.test(local) || /[<>,;:"()[\]\\@\s]/.test(local)) {
    throw new Error(`not an e-mail address: ${JSON.stringify(value)}`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are what it removes from a display name
  const name = rawName ? rawName.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() : undefined;
  return { name: name || undefined, address: `${local}@${domain}` };
}

/** ISO 8601 basic format in UTC, with milliseconds: "20261201T130500.123Z". */
function isoBasic(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '');
}
