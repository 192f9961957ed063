/**
 * Cursor pagination for every list. The cursor is the last row's id; rows are ordered newest first
 * (createdAt, then id) so pages stay stable while rows are added.
 */
import { AppError } from "../errors.js";

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when asked for (GraphQL calls functions on the parent). */
  totalCount: () => Promise<number>;
}

export const MAX_PAGE = 200;

/** The Prisma arguments for one page: take one extra row to know whether another page follows. */
export function pageQuery(args: PageArgs, parseId: (cursor: string) => unknown = (c) => c) {
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new AppError("BAD_INPUT", `first must be an integer from 1 to ${MAX_PAGE}, got ${first}`);
  }
  const cursor = args.after ? { id: parseId(args.after) } : undefined;
  return { take: first + 1, ...(cursor ? { cursor, skip: 1 } : {}), first };
}

export function toConnection<T extends { id: string | bigint }>(rows: T[], first: number, count: () => Promise<number>): Connection<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: String(node.id), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: count,
  };
}

/** One page of a Prisma model: `find` receives take/skip/cursor and must order newest first. */
export async function paginate<T extends { id: string | bigint }>(
  args: PageArgs,
  find: (q: { take: number; skip?: number; cursor?: { id: never } }) => Promise<T[]>,
  count: () => Promise<number>,
  parseId?: (cursor: string) => unknown,
): Promise<Connection<T>> {
  const { first, ...q } = pageQuery(args, parseId);
  const rows = await find(q as { take: number; skip?: number; cursor?: { id: never } });
  return toConnection(rows, first, count);
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];
