// Links that carry their own permission: an HMAC-SHA256 over (purpose, subject, expiry) with a server secret.
// Used for proof-of-execution downloads from review cards (`sign`/`verify`: the subject travels beside the token)
// and customer opt-out pages (`seal`/`open`: the token carries its subject). A link names one thing, for one
// purpose, until one instant; anything altered fails verification.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type LinkPurpose = 'file' | 'optout' | 'export' | 'reviewExport';

/** What `open` finds in a sealed token. Only a token made here is ever reported as expired. */
export type OpenedLink =
  | { subject: string; expires: Date }
  | { error: 'invalid' }
  /** Made here, not altered, but past its expiry: the subject and the instant are the signer's own. */
  | { error: 'expired'; subject: string; expiredAt: Date };

/** Longest subject `seal` accepts (UTF-8 bytes): tokens must fit in a URL path. */
const MAX_SEALED_SUBJECT_BYTES = 512;
const SEALED = /^([A-Za-z0-9_-]{1,700})\.(0|[1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export class LinkSigner {
  private readonly secrets: readonly Buffer[];

  /**
   * Links are made with `secret`; links made with `previous` still verify, so a rotated secret does not break the
   * links already sent (opt-out e-mails live for the whole opt-out window). See docs/operations.md.
   */
  constructor(secret: Buffer, previous?: Buffer) {
    this.secrets = previous ? [secret, previous] : [secret];
    if (this.secrets.some((s) => s.length < 32)) throw new Error('the link signing secret must be at least 32 bytes');
  }

  sign(purpose: LinkPurpose, subject: string, expires: Date): string {
    const exp = Math.floor(expires.getTime() / 1000);
    return `${exp}.${this.mac(this.secrets[0], purpose, subject, exp)}`;
  }

  /** True when the token was made here for this purpose and subject and has not expired. */
  verify(purpose: LinkPurpose, subject: string, token: string, now: Date): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return false;
    const exp = Number(match[1]);
    if (exp * 1000 <= now.getTime()) return false;
    return this.secrets.some((secret) => sameMac(this.mac(secret, purpose, subject, exp), match[2]));
  }

  /**
   * A token that carries its subject: `base64url(subject).exp.mac`, URL-safe, for links whose path alone names
   * the thing (the customer opt-out page). The MAC covers the exact characters of `base64url(subject).exp` and
   * the purpose, under a label of its own, so a `sign` token can never pass for a sealed one or the reverse.
   */
  seal(purpose: LinkPurpose, subject: string, expires: Date): string {
    const exp = Math.floor(expires.getTime() / 1000);
    if (!Number.isSafeInteger(exp) || exp < 0 || exp > 999_999_999_999) throw new RangeError('seal: invalid expiry');
    const bytes = Buffer.from(subject, 'utf8');
    if (bytes.length === 0 || bytes.length > MAX_SEALED_SUBJECT_BYTES) throw new RangeError('seal: subject empty or too long');
    const payload = `${bytes.toString('base64url')}.${exp}`;
    return `${payload}.${this.sealMac(this.secrets[0], purpose, payload)}`;
  }

  /**
   * The subject of a token made by `seal` for this purpose. Malformed, altered or made for another purpose or
   * with another secret: `invalid`, whatever its expiry (the MAC is checked first, so a forged token tells
   * nothing). Genuine but at or past its expiry: `expired`.
   */
  open(purpose: LinkPurpose, token: string, now: Date): OpenedLink {
    const match = SEALED.exec(token);
    if (!match) return { error: 'invalid' };
    const [, encoded, expText, mac] = match;
    if (!this.secrets.some((secret) => sameMac(this.sealMac(secret, purpose, `${encoded}.${expText}`), mac))) return { error: 'invalid' };
    const bytes = Buffer.from(encoded, 'base64url');
    // Only our own encodings get here (the MAC matched); refuse anything non-canonical all the same.
    if (bytes.toString('base64url') !== encoded) return { error: 'invalid' };
    let subject: string;
    try {
      subject = strictUtf8.decode(bytes);
    } catch {
      return { error: 'invalid' };
    }
    const expires = new Date(Number(expText) * 1000);
    if (expires.getTime() <= now.getTime()) return { error: 'expired', subject, expiredAt: expires };
    return { subject, expires };
  }

  private sealMac(secret: Buffer, purpose: LinkPurpose, payload: string): string {
    return createHmac('sha256', secret).update(`sealed-v1\n${purpose}\n${payload}`).digest('base64url');
  }

  private mac(secret: Buffer, purpose: LinkPurpose, subject: string, exp: number): string {
    return createHmac('sha256', secret).update(`${purpose}\n${subject}\n${exp}`).digest('base64url');
  }
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The configured secret, or (local default) one generated once and kept in the data folder, so links survive
 * restarts. Several instances must share LINK_SECRET.
 */
export function loadLinkSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, 'link-secret');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    const secret = randomBytes(32);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
    return secret;
  }
}
