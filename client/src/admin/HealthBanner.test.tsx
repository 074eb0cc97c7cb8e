import { render, screen } from '@testing-library/react';

import { HealthBanner, healthFrom } from './HealthBanner';

describe('health banner', () => {
  it('maps /health/ready answers to ok or degraded', () => {
    expect(healthFrom(true, { status: 'ok' })).toEqual({ state: 'ok' });
    expect(healthFrom(false, { status: 'error', error: { database: { status: 'down', message: 'timeout' } } })).toEqual({
      state: 'degraded',
      problems: ['database: timeout'],
    });
    expect(healthFrom(false, null)).toEqual({ state: 'degraded', problems: [] });
  });

  it('shows "all systems operational" when ready', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ status: 'ok' }), { status: 200 })));
    render(<HealthBanner />);
    expect(await screen.findByText(/all systems operational/)).toBeInTheDocument();
    vi.unstubAllGlobals();
  });

  it('shows degraded when the API cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline'))));
    render(<HealthBanner />);
    expect(await screen.findByRole('alert')).toHaveTextContent('System status: degraded (the API cannot be reached)');
    vi.unstubAllGlobals();
  });
});
