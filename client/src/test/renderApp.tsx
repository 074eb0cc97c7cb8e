import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';

import { App } from '../App';
import { AuthProvider } from '../lib/auth';

export let currentLocation = '';

function LocationProbe() {
  const location = useLocation();
  currentLocation = location.pathname + location.search;
  return null;
}

export function renderApp(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <App />
        <LocationProbe />
      </AuthProvider>
    </MemoryRouter>,
  );
}
