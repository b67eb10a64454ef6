// Equality indexes of the embedded store. Azure Cosmos DB indexes every path; the embedded engine evaluates a
// cross-partition query over every document of the container. The review card asks for a claim's competitors
// (`c.customerTenantId = @tenant`) at every render: 28 ms a query at 50,000 claims, 6 ms at 5,000, most of a
// scheduler pass's time per promoted claim. Here a query whose WHERE holds, as one of its top-level AND terms, a
// field of INDEXED_FIELDS equal to a string (a literal or a parameter) is evaluated only on the documents that
// hold that value. The query itself still runs whole on them, so the index only narrows what it reads: a document
// without that value cannot satisfy the term, so none is left out.
import type { Doc, Item } from './engineTypes';

/** Top-level string fields indexed in every container: those the app's cross-partition queries test for equality. */
export const INDEXED_FIELDS: readonly string[] = ['customerTenantId', 'status'];

type Documents = Map<string, Item<Doc>>;

/** A top-level `<alias>.<field> = <value>` term of a query's WHERE: the value a literal, or a parameter's name. */
export interface Equality {
  field: string;
  value: { literal: unknown } | { parameter: string };
}

interface Node {
  type: string;
  [key: string]: unknown;
}

const NONE: Documents = new Map();

/**
 * A parameter's value as the engine binds it (@zeit/cosmosdb-query's executor): by its name without the first
 * character, the last one given winning.
 */
function parameterValue(parameters: readonly { name: string; value: unknown }[], name: string): unknown {
  let value: unknown;
  for (const p of parameters) if (p.name.slice(1) === name.slice(1)) value = p.value;
  return value;
}
const bucketKey = (field: string, value: string) => `${field}\u0000${value}`;

/** The collection alias a query's terms name (`c` in `FROM c`), or undefined for a FROM this index does not read. */
function aliasOf(body: Node): string | undefined {
  const from = body.from as Node | undefined;
  const source = from?.source as Node | undefined;
  if (!from || (from.joins as unknown[] | undefined)?.length || source?.type !== 'from_source') return undefined;
  const collection = source.expression as Node;
  const name = (collection.expression as Node | undefined)?.name;
  if (collection.type !== 'collection_expression' || typeof name !== 'string') return undefined;
  return ((source.alias as Node | null)?.name as string | undefined) ?? name;
}

/** `<alias>.<field>` (by name or ['field']), or undefined. */
function fieldOf(node: Node, alias: string): string | undefined {
  if (node.type !== 'scalar_member_expression') return undefined;
  const object = node.object as Node;
  const property = node.property as Node;
  if (object.type !== 'identifier' || object.name !== alias) return undefined;
  if (!node.computed && property.type === 'identifier') return property.name as string;
  return node.computed && property.type === 'string_constant' ? (property.value as string) : undefined;
}

function valueOf(node: Node): Equality['value'] | undefined {
  if (node.type === 'string_constant') return { literal: node.value };
  if (node.type === 'parameter_name') return { parameter: node.name as string };
  return undefined;
}

/** The equality terms of a parsed query (@zeit/cosmosdb-query's AST) every result must meet: its top-level AND terms. */
export function equalitiesOf(ast: unknown): Equality[] {
  const body = (ast as Node | undefined)?.body as Node | undefined;
  const condition = (body?.where as Node | undefined)?.condition as Node | undefined;
  const alias = body && aliasOf(body);
  if (!condition || !alias) return [];
  const found: Equality[] = [];
  const visit = (node: Node): void => {
    if (node.type !== 'scalar_binary_expression') return;
    if (node.operator === 'AND') {
      visit(node.left as Node);
      visit(node.right as Node);
      return;
    }
    if (node.operator !== '=') return;
    for (const [a, b] of [
      [node.left, node.right],
      [node.right, node.left],
    ] as [Node, Node][]) {
      const field = fieldOf(a, alias);
      const value = valueOf(b);
      if (field !== undefined && value && INDEXED_FIELDS.includes(field)) found.push({ field, value });
    }
  };
  visit(condition);
  return found;
}

/** One container's equality indexes: field and value -> the documents holding it. */
export class FieldIndex {
  private readonly buckets = new Map<string, Documents>();
  /** rid -> the buckets it is in (to take it out when it changes or goes). */
  private readonly keysOf = new Map<string, string[]>();

  set(doc: Doc, item: Item<Doc>): void {
    this.remove(doc._rid);
    const keys: string[] = [];
    for (const field of INDEXED_FIELDS) {
      const value = doc[field];
      if (typeof value !== 'string') continue;
      const key = bucketKey(field, value);
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = new Map()));
      bucket.set(doc._rid, item);
      keys.push(key);
    }
    if (keys.length) this.keysOf.set(doc._rid, keys);
  }

  remove(rid: string): void {
    for (const key of this.keysOf.get(rid) ?? []) {
      const bucket = this.buckets.get(key);
      bucket?.delete(rid);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
    this.keysOf.delete(rid);
  }

  /**
   * The documents a query with these equality terms can return (the smallest bucket among its string-valued
   * terms), or undefined when it may return any document. The result must not be changed.
   */
  narrow(terms: readonly Equality[], parameters: readonly { name: string; value: unknown }[] = []): Documents | undefined {
    let best: Documents | undefined;
    for (const { field, value } of terms) {
      const known = 'literal' in value ? value.literal : parameterValue(parameters, value.parameter);
      if (typeof known !== 'string') continue;
      const bucket = this.buckets.get(bucketKey(field, known)) ?? NONE;
      if (!best || bucket.size < best.size) best = bucket;
    }
    return best;
  }
}
