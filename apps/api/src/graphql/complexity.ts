/**
 * Query depth and cost limits, as validation rules: a query is refused before it runs when it nests
 * deeper than MAX_DEPTH or when its estimated cost (each field 1, multiplied by the page size of
 * every enclosing list) exceeds MAX_COST.
 */
import { GraphQLError, Kind, type ArgumentNode, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from "graphql";

export const MAX_DEPTH = 12;
export const MAX_COST = 20_000;
const DEFAULT_PAGE = 50;

const VARIABLE_PAGE = 200; // variables are unknown at validation: assume the largest page

function pageSize(args: readonly ArgumentNode[]): number | null {
  const first = args.find((a) => a.name.value === "first");
  if (!first) return null;
  if (first.value.kind === Kind.INT) return Number(first.value.value);
  return first.value.kind === Kind.VARIABLE ? VARIABLE_PAGE : DEFAULT_PAGE;
}

function selectsConnection(set: SelectionSetNode): boolean {
  return set.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === "nodes" || s.name.value === "edges"));
}

function measure(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, depth: number, seen: Set<string>): { depth: number; cost: number } {
  let maxDepth = depth;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith("__")) continue;
      let fieldCost = 1;
      let fieldDepth = depth;
      if (sel.selectionSet) {
        const inner = measure(sel.selectionSet, fragments, depth + 1, seen);
        // a connection's page multiplies what is inside it
        const multiplier = pageSize(sel.arguments ?? []) ?? (selectsConnection(sel.selectionSet) ? DEFAULT_PAGE : 1);
        fieldCost += inner.cost * multiplier;
        fieldDepth = inner.depth;
      }
      cost += fieldCost;
      maxDepth = Math.max(maxDepth, fieldDepth);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(sel.selectionSet, fragments, depth, seen);
      cost += inner.cost;
      maxDepth = Math.max(maxDepth, inner.depth);
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const name = sel.name.value;
      const frag = fragments[name];
      if (!frag || seen.has(name)) continue;
      const inner = measure(frag.selectionSet, fragments, depth, new Set([...seen, name]));
      cost += inner.cost;
      maxDepth = Math.max(maxDepth, inner.depth);
    }
  }
  return { depth: maxDepth, cost };
}

export function complexityLimit(context: ValidationContext): ASTVisitor {
  const doc = context.getDocument();
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  return {
    OperationDefinition(op) {
      const { depth, cost } = measure(op.selectionSet, fragments, 1, new Set());
      if (depth > MAX_DEPTH) {
        context.reportError(new GraphQLError(`Query is too deep: ${depth} levels (limit ${MAX_DEPTH}).`, { extensions: { code: "QUERY_TOO_COMPLEX" } }));
      } else if (cost > MAX_COST) {
        context.reportError(new GraphQLError(`Query is too costly: estimated ${cost} (limit ${MAX_COST}); ask for smaller pages.`, { extensions: { code: "QUERY_TOO_COMPLEX" } }));
      }
    },
  };
}
