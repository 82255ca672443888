import type { BrowserState } from '../app-contract.ts'
import { loginForm } from '../release-1.5/browser-state.ts'

/**
 * A browser logged in as the account the way 1.0.0 to 1.4.0 keep it: no cookie; the raw JWT in
 * `localStorage.access_token`, which the frontend sends as `Authorization: Bearer` (its
 * `/accounts/me` query runs only when that key exists); the zustand store `auth-storage` as
 * `setToken` leaves it (optional for the frontend, written for fidelity); and the onboarding
 * marked done, as in 1.5.0 (`Dashboard.tsx` is the same from 1.0.0 to 1.5.0).
 */
export function localStorageBrowserState(jwt: string, baseURL: string): BrowserState {
  const origin = new URL(baseURL).origin
  const authStorage = { state: { user: null, token: jwt, isAuthenticated: true }, version: 0 }
  return {
    cookies: [],
    origins: [
      {
        origin,
        localStorage: [
          { name: 'access_token', value: jwt },
          { name: 'auth-storage', value: JSON.stringify(authStorage) },
          { ...loginForm.onboardingDone },
        ],
      },
    ],
  }
}
