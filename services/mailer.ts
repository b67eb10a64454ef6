// Sending e-mail (the customer notices): through Microsoft Graph when it is configured, otherwise into a local
// outbox folder as .eml files (RFC 5322 / MIME) that a person can open with any mail client.
import { systemClock, type Clock } from './clock';
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
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
    const eml = buildEml(message, { id, date });
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
    this.log?.info({ mail: { id, file, to: message.to, subject: message.subject } }, 'e-mail written to the local outbox');
    return { id, where: file };
  }
}

/**
 * One message as RFC 5322 / MIME bytes: headers From, To, Subject (RFC 2047 encoded words when not plain
 * ASCII), Date, Message-ID, MIME-Version, and a multipart/alternative body with the text/plain and text/html
 * parts in UTF-8, quoted-printable. Lines end in CRLF and none is longer than 78 characters. Line breaks in the
 * bodies (LF, CR or CRLF) become CRLF. Exported for tests and tools; `EmlOutboxMailer` uses it.
 */
export function buildEml(message: OutgoingMail, meta: { id: string; date: Date }): Buffer {
  checkRecipients(message.to);
  const from = parseMailbox(message.from ?? DEFAULT_LOCAL_SENDER);
  const to = message.to.map((address) => formatMailbox(parseMailbox(address)));
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  // "=_" cannot occur in quoted-printable text ("=" is always followed by two hex digits or a line break).
  const boundary = `=_cpor_${randomBytes(12).toString('hex')}`;
  const lines = [
    foldHeader('From', formatMailbox(from)),
    foldHeader('To', to.join(', ')),
    subjectHeader(message.subject),
    `Date: ${rfc5322Date(meta.date)}`,
    `Message-ID: <${meta.id}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(message.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(message.html),
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'ascii');
}

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
  const name = rawName ? rawName.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() : undefined;
  return { name: name || undefined, address: `${local}@${domain}` };
}

function formatMailbox({ name, address }: Mailbox): string {
  if (!name) return address;
  if (!/^[\x20-\x7e]*$/.test(name)) return `${encodedWords(name).join(' ')} <${address}>`;
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name)) return `${name} <${address}>`;
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}

/**
 * `Name: value`, folded (RFC 5322 §2.2.3) before a space wherever a line would pass 78 characters; unfolding
 * gives the value back exactly. Used for From, To and Subject, whose values may be folded at any space.
 */
function foldHeader(name: string, value: string): string {
  let out = `${name}:`;
  let lineLength = out.length;
  for (const word of value.split(' ')) {
    if (lineLength > name.length + 1 && lineLength + 1 + word.length > 78) {
      out += '\r\n';
      lineLength = 0;
    }
    out += ` ${word}`;
    lineLength += 1 + word.length;
  }
  return out;
}

/** Subject: as is when printable ASCII, otherwise UTF-8 "B" encoded words; folded. */
function subjectHeader(subject: string): string {
  const value = String(subject).replace(/[\r\n]+/g, ' ');
  const plain = /^[\x20-\x7e]*$/.test(value) && !/=\?/.test(value);
  return foldHeader('Subject', plain ? value : encodedWords(value).join(' '));
}

/**
 * RFC 2047 "B" encoded words of at most 42 UTF-8 bytes each (68 characters, so a header line stays within 78),
 * never splitting a character between two words.
 */
function encodedWords(value: string): string[] {
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length) words.push(`=?UTF-8?B?${Buffer.concat(chunk).toString('base64')}?=`);
    chunk = [];
    size = 0;
  };
  for (const ch of value) {
    const bytes = Buffer.from(ch, 'utf8');
    if (size + bytes.length > 42) flush();
    chunk.push(bytes);
    size += bytes.length;
  }
  flush();
  return words.length ? words : ['=?UTF-8?B??='];
}

/**
 * Quoted-printable (RFC 2045 §6.7) of UTF-8 text with CRLF line breaks: printable ASCII but "=" as is, spaces and
 * tabs as is except at the end of a line, everything else =XX; soft line breaks keep lines within 76 characters.
 */
export function quotedPrintable(text: string): string {
  return String(text)
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let current = '';
      bytes.forEach((b, i) => {
        const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && i < bytes.length - 1);
        const token = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out += `${current}=\r\n`;
          current = '';
        }
        current += token;
      });
      return out + current;
    })
    .join('\r\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time in UTC: "Tue, 01 Dec 2026 13:05:00 +0000". */
function rfc5322Date(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/** ISO 8601 basic format in UTC, with milliseconds: "20261201T130500.123Z". */
function isoBasic(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '');
}
