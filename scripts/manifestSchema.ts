// Offline validation of the Teams app manifest and of Adaptive Cards against
// Microsoft's published JSON schemas (copies in test/schemas/, see README there).
import fs from 'fs';
import path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';

// Compiled to dist/scripts/, so the project root is two levels up.
export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'test', 'schemas');
export const TEAMS_SCHEMA_FILE = path.join(SCHEMA_DIR, 'MicrosoftTeams.schema.v1.29.json');
export const CARD_SCHEMA_FILE = path.join(SCHEMA_DIR, 'adaptive-card.v1.5.json');

function load(file: string): Ajv {
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  // The card schema declares draft-06 but is written in draft-04 style (`id`, not
  // `$id`); dropping `$schema` lets the draft-04 validator take it as its own.
  delete schema.$schema;
  // verbose: anyOf errors then carry their branches, which explainCardErrors needs.
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  ajv.addSchema(schema, 'root');
  return ajv;
}

let teamsAjv: Ajv | undefined;
let cardAjv: Ajv | undefined;

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const detail = p.allowedValues ? `: ${JSON.stringify(p.allowedValues)}` : p.additionalProperty ? `: "${p.additionalProperty}"` : '';
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${detail}`;
}

function run(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : (validate.errors ?? []);
}

/** Returns the schema violations of a Teams app manifest (empty when valid). */
export function validateManifest(manifest: unknown): string[] {
  teamsAjv ??= load(TEAMS_SCHEMA_FILE);
  return [...new Set(run(teamsAjv.getSchema('root')!, manifest).map(message))];
}

const valueAt = (root: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<any>((v, key) => v?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);

/**
 * Elements and actions are matched with `anyOf` over every type, so one typo yields an
 * error per type. Re-check such a value against the definition its `type` names
 * instead, or report that the type is not one of those allowed at that position.
 */
function explainCardErrors(ajv: Ajv, definition: string, value: unknown, base = ''): string[] {
  const errors = run(ajv.getSchema(`root${definition}`)!, value);
  const out: string[] = [];
  const handled: string[] = [];
  const isHandled = (p: string) => handled.some((h) => p === h || p.startsWith(`${h}/`));
  for (const e of [...errors].sort((a, b) => a.instancePath.length - b.instancePath.length)) {
    if (isHandled(e.instancePath)) continue;
    const node = valueAt(value, e.instancePath) as { type?: unknown } | undefined;
    const types =
      e.keyword === 'anyOf' && Array.isArray(e.schema)
        ? e.schema.map((b: any) => b?.allOf?.[0]?.$ref?.match(/^#\/definitions\/(.+)$/)?.[1]).filter(Boolean)
        : [];
    if (types.length && typeof node?.type === 'string') {
      handled.push(e.instancePath);
      const where = base + e.instancePath;
      out.push(
        ...(types.includes(node.type)
          ? explainCardErrors(ajv, `#/definitions/${node.type}`, node, where)
          : [`${where}/type "${node.type}" is not one of: ${types.join(', ')}`]),
      );
    }
  }
  // Anything not under a re-checked anyOf is reported as is.
  out.push(...errors.filter((e) => !isHandled(e.instancePath)).map((e) => message({ ...e, instancePath: base + e.instancePath })));
  return [...new Set(out)];
}

/** Returns the schema violations of an Adaptive Card 1.5 (empty when valid). */
export function validateCard(card: unknown): string[] {
  cardAjv ??= load(CARD_SCHEMA_FILE);
  const errors = explainCardErrors(cardAjv, '', card);
  // The schema lists `type` and `version` for the root card but requires neither;
  // clients reject a root card without them, so check them here.
  const root = card as { type?: unknown; version?: unknown } | null;
  if (typeof root !== 'object' || root === null) return errors;
  if (root.type !== 'AdaptiveCard' && !errors.some((e) => e.startsWith('/type'))) errors.push('/type must be "AdaptiveCard"');
  if (typeof root.version !== 'string') errors.push('/version must be a string such as "1.5"');
  return errors;
}
