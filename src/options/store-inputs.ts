import { toPostgresUrl, toRedisUrl } from '../stores/store-url.ts'

/** One path component of an image name: lower case, separated by `.`, `_`, `__` or dashes. */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d+)?/)?'
const TAG = '(?::[\\w][\\w.-]{0,127})?'
const DIGEST = '(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?'
/** The engine's image reference grammar (distribution/reference): `[host[:port]/]name[:tag][@digest]`. */
const IMAGE_REFERENCE = new RegExp(`^${DOMAIN}${COMPONENT}(?:/${COMPONENT})*${TAG}${DIGEST}$`)

/**
 * Checks a store URL's form where the user gave it, so that the message names that place
 * (`source`: the option, or the environment variable the value came from).
 */
export function checkStoreUrl(
  url: string,
  store: 'postgres' | 'redis',
  source: string,
  problems: string[],
): void {
  try {
    if (store === 'postgres') toPostgresUrl(url)
    else toRedisUrl(url)
  } catch (error) {
    const reason = (error as { problems?: readonly string[] }).problems?.[0] ?? String(error)
    problems.push(`${source} is not a usable URL: ${reason}`)
  }
}

/** Checks an image reference before an engine is asked to pull it. */
export function checkImage(image: string, source: string, problems: string[]): void {
  if (!IMAGE_REFERENCE.test(image)) {
    problems.push(
      `${source} "${image}" is not an image reference; use name[:tag], such as "postgres:16-alpine" or "localhost/med-demo/redis:7"`,
    )
  }
}
