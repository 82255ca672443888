import type { BrowserState, LoginForm } from '../app-contract.ts'

/** The localStorage entry that tells the frontend its onboarding tour is done. */
const ONBOARDING_DONE = {
  name: 'myelectricaldata_preferences',
  value: JSON.stringify({
    onboarding: { completed: true, dashboardTourCompleted: true, consumptionTourCompleted: true },
    tours: {},
    ui: { showKeyboardShortcuts: true, reducedMotion: false },
  }),
} as const

/** What the app's `ACCESS_TOKEN_EXPIRE_MINUTES` gives its cookie by default: 30 days. */
const COOKIE_LIFETIME_SECONDS = 30 * 24 * 60 * 60

/**
 * A browser logged in as the account without the login form, as 1.4.1 and later keep it: the
 * JWT in the `access_token` cookie (HttpOnly, SameSite Lax, path `/`, host-only, as the app sets
 * it), and the onboarding marked done so that the first-visit modal stays closed.
 */
export function browserState(jwt: string, baseURL: string): BrowserState {
  const origin = new URL(baseURL)
  return {
    cookies: [
      {
        name: 'access_token',
        value: jwt,
        domain: origin.hostname,
        path: '/',
        expires: Math.floor(Date.now() / 1000) + COOKIE_LIFETIME_SECONDS,
        httpOnly: true,
        secure: origin.protocol === 'https:',
        sameSite: 'Lax',
      },
    ],
    origins: [{ origin: origin.origin, localStorage: [{ ...ONBOARDING_DONE }] }],
  }
}

/** The frontend's login page (its French texts), and where a successful login lands. */
export const loginForm: LoginForm = {
  path: '/login',
  emailSelector: '#email',
  passwordSelector: '#password',
  submitLabel: 'Se connecter',
  landingPath: '/dashboard',
  onboardingDone: ONBOARDING_DONE,
}
