// The embedded server's query engine (@zeit/cosmosdb-query 0.7.2) compiles SQL to JavaScript in which every FROM
// and JOIN collects its rows with `rows.reduce(($, c) => [...$, { c }], [])`: each step copies the array built so
// far, so a query over N documents costs O(N²) (50k claims: minutes). Its result clean-up (`stripUndefined`) does the
// same on arrays. This module rewrites the generated code to append in place (`($.push({ c }), $)`), which is
// the same result (the accumulator is the reduce's own fresh `[]`), and replaces `stripUndefined` with a linear
// twin. Applied at run time to the installed package (by engine.ts, the one file that reaches into the library),
// so it survives `npm ci`; a test proves the rewrite still applies to the installed engine.

interface Node {
  type: string;
  [key: string]: unknown;
}

const isIdentifier = (n: unknown, name: string) => (n as Node)?.type === 'Identifier' && (n as Node).name === name;

/** `[...$, a, ...b]` -> the elements after `...$`, or undefined when `n` is not of that shape. */
function appendedElements(n: unknown): Node[] | undefined {
  const node = n as Node;
  if (node?.type !== 'ArrayExpression') return undefined;
  const [first, ...rest] = node.elements as Node[];
  return first?.type === 'SpreadElement' && isIdentifier(first.argument, '$') ? rest : undefined;
}

const pushInPlace = (elements: Node[]): Node => ({
  type: 'SequenceExpression',
  expressions: [
    {
      type: 'CallExpression',
      callee: { type: 'MemberExpression', object: { type: 'Identifier', name: '$' }, property: { type: 'Identifier', name: 'push' }, computed: false },
      arguments: elements,
    },
    { type: 'Identifier', name: '$' },
  ],
});

/** Rewrites `x.reduce(($, d) => [...$, ...], [])` (and its conditional form) in place; returns how many. */
export function rewriteReducers(ast: unknown): number {
  let count = 0;
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      n.forEach(visit);
      return;
    }
    const node = n as Node;
    for (const value of Object.values(node)) visit(value);
    if (node.type !== 'CallExpression') return;
    const callee = node.callee as Node;
    const [reducer, initial] = node.arguments as Node[];
    if (callee?.type !== 'MemberExpression' || !isIdentifier(callee.property, 'reduce')) return;
    if (reducer?.type !== 'ArrowFunctionExpression' || !isIdentifier((reducer.params as Node[])[0], '$')) return;
    if (initial?.type !== 'ArrayExpression' || (initial.elements as unknown[]).length !== 0) return;
    const body = reducer.body as Node;
    const appended = appendedElements(body);
    if (appended) {
      reducer.body = pushInPlace(appended);
      count++;
    } else if (body.type === 'ConditionalExpression' && isIdentifier(body.alternate, '$')) {
      const inConsequent = appendedElements(body.consequent);
      if (inConsequent) {
        body.consequent = pushInPlace(inConsequent);
        count++;
      }
    }
  };
  visit(ast);
  return count;
}

export function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) if (v !== undefined) out.push(stripUndefined(v));
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out;
  }
  return value;
}
