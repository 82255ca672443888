import { DEFAULT_EMAIL, DEFAULT_PASSWORD } from '../options/default-pdls.ts'

/**
 * What the app accepts of an account, which every release from 1.0.0 to 1.22.0 checks the same
 * way: a login email as pydantic's `EmailStr` takes it, a password bcrypt can check, and PDL ids,
 * names and off-peak ranges as its `PDLCreate` and frontend take them. Each check adds the
 * problems it finds, in the words of the options.
 */

type Problems = string[]

/** A usage point id: exactly 14 digits (`PDLCreate`, the OAuth callback). */
export const USAGE_POINT_ID = /^\d{14}$/
/** An off-peak range, `HH:MM-HH:MM`. */
export const OFFPEAK_RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/
/** `pdls.name` and the API's limit. */
export const PDL_NAME_MAX_LENGTH = 100
/** What pydantic's EmailStr (email-validator) refuses as special-use domains. */
const SPECIAL_USE_TLDS = ['test', 'local', 'localhost', 'invalid', 'example', 'arpa', 'onion']

/** Lower-cases the domain, as the app's `EmailStr` does before it looks the user up. */
export function normaliseEmail(email: unknown, problems: Problems): string {
  if (typeof email !== 'string') {
    problems.push(`\`email\` must be a string, got ${typeof email}`)
    return DEFAULT_EMAIL
  }
  const at = email.lastIndexOf('@')
  const local = email.slice(0, at)
  const domain = email.slice(at + 1).toLowerCase()
  const labels = domain.split('.')
  const tld = labels.at(-1) ?? ''
  if (
    at <= 0 ||
    labels.length < 2 ||
    labels.some((label) => !/^[a-z0-9-]+$/.test(label)) ||
    /\s/.test(local)
  ) {
    problems.push(
      `\`email\` "${email}" is not an address the app accepts (it validates logins with pydantic's EmailStr)`,
    )
  } else if (SPECIAL_USE_TLDS.includes(tld)) {
    problems.push(
      `\`email\` "${email}" uses the special-use domain ".${tld}", which the app's login rejects with a 422; use a domain such as example.com`,
    )
  } else if (email.length > 255) {
    problems.push('`email` is longer than the 255 characters of `users.email`')
  }
  return `${local}@${domain}`
}

export function checkPassword(password: unknown, problems: Problems): string {
  if (typeof password !== 'string' || password.length === 0) {
    problems.push('`password` must be a non-empty string')
    return DEFAULT_PASSWORD
  }
  if (Buffer.byteLength(password, 'utf8') > 72) {
    problems.push(
      "`password` is longer than 72 bytes, which the app's bcrypt refuses (ValueError) when it checks a login",
    )
  }
  return password
}
