import type { AppContract } from '../app/app-contract.ts'

/**
 * The `SECRET_KEY` to sign with: the given one if the app would start with it, else a problem.
 * MyElectricalData 1.4.1 and later refuse to start (with `DEBUG=false`) on an empty key or on one
 * that contains a weak word; with `DEBUG=true` they only warn, and releases before 1.4.1 check
 * nothing, which is what `allowWeakSecretKey` is for.
 */
export function resolveSecretKey(
  secretKey: unknown,
  allowWeakSecretKey: unknown,
  problems: string[],
  app: AppContract,
): string {
  if (allowWeakSecretKey !== undefined && typeof allowWeakSecretKey !== 'boolean')
    problems.push('`allowWeakSecretKey` must be a boolean')
  if (secretKey === undefined) return app.generateSecretKey()
  if (typeof secretKey !== 'string' || secretKey.length === 0) {
    problems.push(
      '`secretKey` must be a non-empty string (the app refuses to start on an empty SECRET_KEY); leave it out for a random one',
    )
    return ''
  }
  const word = app.weakSecretKeyWord(secretKey)
  if (word !== undefined && allowWeakSecretKey !== true) {
    problems.push(
      `\`secretKey\` contains "${word}", and the app (1.4.1 and later) refuses to start with a SECRET_KEY that contains any of ` +
        `${app.weakSecretKeyWords.map((w) => `"${w}"`).join(', ')} unless DEBUG=true. Use another key (or leave it out for a random one), ` +
        'or pass `allowWeakSecretKey: true` if your backend runs with DEBUG=true or is older than 1.4.1',
    )
  }
  return secretKey
}
