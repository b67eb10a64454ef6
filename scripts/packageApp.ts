// Builds the Teams app package: fills the placeholders in appPackage/manifest.json,
// validates it against the v1.29 schema and zips it with the two icons.
// Usage: npm run package   (needs MicrosoftAppId; BOT_DOMAIN optional)
import fs from 'fs';
import path from 'path';
import AdmZip from 'adm-zip';
import dotenv from 'dotenv';
import { validateManifest } from './manifestSchema';

// Compiled to dist/scripts/, so the project root is two levels up.
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const APP_PACKAGE_DIR = path.join(PROJECT_ROOT, 'appPackage');
export const ZIP_NAME = 'cpor-assistant.zip';

export interface AppPackageOptions {
  appId: string;
  /** Host name the bot is served from; the validDomains entry is dropped when absent. */
  botDomain?: string;
  /** Defaults to dist/appPackage under the project root. */
  outDir?: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Replaces every `${{NAME}}` in the manifest's strings; throws on a name without a value. */
export function fillPlaceholders(value: Json, values: Record<string, string>): Json {
  if (typeof value === 'string') {
    return value.replace(/\$\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
      if (values[name] === undefined) throw new Error(`manifest placeholder \${{${name}}} has no value`);
      return values[name];
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values)]));
  }
  return value;
}

/** Accepts "host", "https://host/" or "host/path" and returns the bare host. */
function toDomain(botDomain: string): string {
  return botDomain
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '');
}

/** Returns the filled-in manifest, or throws listing its schema violations. */
export function buildManifest(appId: string, botDomain?: string): { [key: string]: Json } {
  const template = JSON.parse(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8'));
  const domain = botDomain ? toDomain(botDomain) : '';
  if (!domain && Array.isArray(template.validDomains)) {
    template.validDomains = template.validDomains.filter((d: string) => !/\$\{\{\s*BOT_DOMAIN\s*\}\}/.test(d));
  }
  const manifest = fillPlaceholders(template, { MICROSOFT_APP_ID: appId.trim(), BOT_DOMAIN: domain }) as { [key: string]: Json };
  const errors = validateManifest(manifest);
  if (errors.length) throw new Error(`manifest.json does not match the Teams v1.29 schema:\n  ${errors.join('\n  ')}`);
  return manifest;
}

/** Writes the app package zip (manifest.json, color.png, outline.png at its root) and returns its path. */
export async function buildAppPackage({ appId, botDomain, outDir }: AppPackageOptions): Promise<string> {
  const manifest = buildManifest(appId, botDomain);
  const icons = manifest.icons as { color: string; outline: string };
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'));
  for (const icon of [icons.color, icons.outline]) {
    zip.addFile(icon, fs.readFileSync(path.join(APP_PACKAGE_DIR, icon)));
  }
  const dir = outDir ?? path.join(PROJECT_ROOT, 'dist', 'appPackage');
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, ZIP_NAME);
  // toBufferPromise + fs rather than writeZipPromise, which rejects with bare strings.
  await fs.promises.writeFile(target, await zip.toBufferPromise());
  return target;
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const appId = process.env.MicrosoftAppId?.trim();
  if (!appId) {
    console.error('Cannot build the app package: set MicrosoftAppId (in the environment or .env).');
    process.exit(1);
  }
  try {
    console.log(await buildAppPackage({ appId, botDomain: process.env.BOT_DOMAIN }));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

if (require.main === module) void main();
