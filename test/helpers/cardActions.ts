// Every Adaptive Card action in a card, however deeply nested (actions, ActionSets, ShowCards, selectActions).
export interface CardActionNode {
  type: string;
  verb?: string;
  title?: string;
  data?: { field?: string; text?: string; prompt?: string; title?: string; claimId?: string; partnerTenantId?: string; version?: unknown };
}

export function actionsOf(node: unknown): CardActionNode[] {
  if (Array.isArray(node)) return node.flatMap(actionsOf);
  if (typeof node !== 'object' || node === null) return [];
  const obj = node as Record<string, unknown>;
  const own = typeof obj.type === 'string' && obj.type.startsWith('Action.') ? [obj as unknown as CardActionNode] : [];
  return [...own, ...Object.values(obj).flatMap(actionsOf)];
}
