export type AuditDiff = Record<string, { from: unknown; to: unknown }>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ between two snapshots (a missing side is null, as for a creation). */
export function diffOf(before: object | null, after: object | null): AuditDiff {
  const from = (before ?? {}) as Record<string, unknown>;
  const to = (after ?? {}) as Record<string, unknown>;
  const diff: AuditDiff = {};
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (!same(from[key], to[key])) diff[key] = { from: from[key] ?? null, to: to[key] ?? null };
  }
  return diff;
}
