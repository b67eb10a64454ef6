// Links that carry their own permission: an HMAC-SHA256 over (purpose, subject, expiry) with a server secret.
// Used for proof-of-execution downloads from review cards (and later customer opt-out pages). A link names one
// thing, for one purpose, until one instant; anything altered fails verification.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type LinkPurpose = 'file' | 'optout';

export class LinkSigner {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the link signing secret must be at least 32 bytes');
  }

  sign(purpose: LinkPurpose, subject: string, expires: Date): string {
    const exp = Math.floor(expires.getTime() / 1000);
    return `${exp}.${this.mac(purpose, subject, exp)}`;
  }

  /** True when the token was made here for this purpose and subject and has not expired. */
  verify(purpose: LinkPurpose, subject: string, token: string, now = new Date()): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return false;
    const exp = Number(match[1]);
    if (exp * 1000 <= now.getTime()) return false;
    const expected = Buffer.from(this.mac(purpose, subject, exp));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(purpose: LinkPurpose, subject: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${purpose}\n${subject}\n${exp}`).digest('base64url');
  }
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
