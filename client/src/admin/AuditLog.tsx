import { useSearchParams } from 'react-router-dom';

import { ErrorBox, Pager, ScrollTable, useDocumentTitle } from '../components/bits';
import { api } from '../lib/api';
import type { AuditEntry, Page } from '../lib/types';
import { useApi } from '../lib/useApi';
import { formatDate } from '../pages/Orders';

const LIMIT = 50;

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function AuditLog() {
  useDocumentTitle('Admin · Audit log');
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useApi((signal) => api.get<Page<AuditEntry>>('/admin/audit-log', { page, limit: LIMIT }, signal), [page]);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / LIMIT)) : 1;

  return (
    <section aria-labelledby="al-title">
      <h1 id="al-title">Audit log</h1>
      <ErrorBox message={list.error} onRetry={list.reload} />
      {list.data && list.data.items.length === 0 && <p className="empty">No admin changes yet.</p>}
      <ScrollTable label="Audit log">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((entry) => (
              <tr key={entry.id}>
                <td>{formatDate(entry.at)}</td>
                <td>{entry.actorEmail ?? entry.actorId}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.targetType} <span className="muted small">{entry.targetId.slice(0, 8)}</span>
                </td>
                <td>
                  <ul className="diff">
                    {Object.entries(entry.diff ?? {}).map(([field, change]) => (
                      <li key={field}>
                        {field}: {show(change.from)} → {show(change.to)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Pager page={page} pages={pages} href={(n) => `/admin/audit-log?page=${n}`} />
    </section>
  );
}
