import { FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import { ErrorBox, useDocumentTitle } from '../components/bits';
import { errorMessage } from '../lib/api';
import { useAuth } from '../lib/auth';
import { safeRedirect } from '../lib/checkout';

type Errors = Partial<Record<'name' | 'email' | 'password', string>>;

export function validateRegistration(name: string, email: string, password: string): Errors {
  const errors: Errors = {};
  if (name.trim().length < 2) errors.name = 'Enter your name.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errors.email = 'Enter a valid email address.';
  if (password.length < 8) errors.password = 'Use at least 8 characters.';
  return errors;
}

export default function Register() {
  useDocumentTitle('Create account');
  const { register } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const redirect = safeRedirect(params.get('redirect'));
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateRegistration(form.name, form.email, form.password);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      await register(form.name.trim(), form.email.trim(), form.password);
      navigate(redirect, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  const field = (key: keyof typeof form, label: string, type: string, autoComplete: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`reg-${key}`}>{label}</label>
      <input
        id={`reg-${key}`}
        type={type}
        autoComplete={autoComplete}
        required
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `reg-${key}-error` : hint ? `reg-${key}-hint` : undefined}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
      {hint && !errors[key] && (
        <p className="muted small" id={`reg-${key}-hint`}>
          {hint}
        </p>
      )}
      {errors[key] && (
        <p className="field-error" id={`reg-${key}-error`}>
          {errors[key]}
        </p>
      )}
    </div>
  );

  return (
    <section className="auth-card" aria-labelledby="register-title">
      <h1 id="register-title">Create your account</h1>
      <form onSubmit={submit} className="stack" noValidate>
        {field('name', 'Name', 'text', 'name')}
        {field('email', 'Email', 'email', 'email')}
        {field('password', 'Password', 'password', 'new-password', 'At least 8 characters.')}
        <ErrorBox message={error} />
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          Create account
        </button>
      </form>
      <p>
        Already have an account? <Link to={`/signin?redirect=${encodeURIComponent(redirect)}`}>Sign in</Link>
      </p>
    </section>
  );
}
