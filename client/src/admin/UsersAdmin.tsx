import { FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

import { ErrorBox, Pager, ScrollTable, useDocumentTitle } from '../components/bits';
import { api, errorMessage } from '../lib/api';
import { can, useAuth } from '../lib/auth';
import { Page, ROLES, User } from '../lib/types';
import { useApi } from '../lib/useApi';

const LIMIT = 25;

function UserRow({ user, editable, isMe }: { user: User; editable: boolean; isMe: boolean }) {
  const [disabled, setDisabled] = useState(user.disabled === true);
  const [saved, setSavedRoles] = useState<string[]>(user.roles);
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [error, setError] = useState<string | null>(null);
  const [justSaved, setJustSaved] = useState(false);
  const changed = [...roles].sort().join() !== [...saved].sort().join();

  async function save() {
    setError(null);
    setJustSaved(false);
    try {
      const updated = await api.put<User>(`/admin/users/${user.id}/roles`, { roles });
      setSavedRoles(updated.roles);
      setRoles(updated.roles);
      setJustSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  // Disabling ends the user's sessions at once; they cannot sign in until re-enabled.
  async function toggleDisabled() {
    setError(null);
    try {
      const updated = await api.put<User>(`/admin/users/${user.id}/status`, { disabled: !disabled });
      setDisabled(updated.disabled === true);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <tr>
      <td>
        {user.name}
        {disabled && <span className="pill"> Disabled</span>}
        <span className="muted block small">{user.email}</span>
      </td>
      <td>
        <fieldset className="roles">
          <legend className="visually-hidden">Roles for {user.email}</legend>
          {ROLES.map((role) => (
            <label key={role} className="check">
              <input
                type="checkbox"
                disabled={!editable}
                checked={roles.includes(role)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
              />{' '}
              {role.replace('_', ' ')}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div role="status" aria-live="polite">
          {justSaved && !changed && <p className="success small">Roles saved.</p>}
        </div>
      </td>
      <td>
        {editable && (
          <button type="button" disabled={!changed} onClick={() => void save()} aria-label={`Save roles for ${user.email}`}>
            Save
          </button>
        )}
        {editable && !isMe && (
          <button
            type="button"
            className="secondary"
            onClick={() => void toggleDisabled()}
            aria-label={`${disabled ? 'Enable' : 'Disable'} ${user.email}`}
          >
            {disabled ? 'Enable' : 'Disable'}
          </button>
        )}
      </td>
    </tr>
  );
}

export function UsersAdmin() {
  useDocumentTitle('Admin · Users');
  const { user: me } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [search, setSearch] = useState(q);
  const list = useApi((signal) => api.get<Page<User>>('/admin/users', { q, page, limit: LIMIT }, signal), [q, page]);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / LIMIT)) : 1;

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(search.trim() ? { q: search.trim() } : {});
  }

  return (
    <section aria-labelledby="au-title">
      <h1 id="au-title">Users</h1>
      <form role="search" onSubmit={submit} className="row">
        <label htmlFor="au-q" className="visually-hidden">
          Search users by email or name
        </label>
        <input id="au-q" type="search" placeholder="Search by email or name" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorBox message={list.error} onRetry={list.reload} />
      <ScrollTable label="Users">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Roles</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((u) => (
              <UserRow key={u.id} user={u} editable={can(me, 'users:manage')} isMe={u.id === me?.id} />
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Pager page={page} pages={pages} href={(n) => `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`} />
    </section>
  );
}
