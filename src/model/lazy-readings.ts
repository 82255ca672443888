import type { PdlReadings } from '../readings/types.ts'

/**
 * Readings may be computed when first read (a plan read back from disk holds them as text, an
 * account of `addAccounts()` regenerates them): these move them between objects without reading
 * them.
 */
type WithReadings = { readonly readings: readonly PdlReadings[] }

/** Defines `readings` on `target`, computed by `compute` when first read, then kept. */
export function defineLazyReadings<T extends object>(
  target: T,
  compute: () => readonly PdlReadings[],
  keep = true,
): T & WithReadings {
  let kept: readonly PdlReadings[] | undefined
  Object.defineProperty(target, 'readings', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!keep) return compute()
      kept ??= compute()
      return kept
    },
  })
  return target as T & WithReadings
}

/** The fields of `source` but `readings`, without reading it. */
export function withoutReadings<T extends WithReadings>(source: T): Omit<T, 'readings'> {
  const { readings: _readings, ...descriptors } = Object.getOwnPropertyDescriptors(source)
  return Object.defineProperties({}, descriptors) as Omit<T, 'readings'>
}

/** Gives `target` the `readings` of `source` as they are defined there, without reading them. */
export function shareReadings<T extends object>(target: T, source: WithReadings): T & WithReadings {
  const descriptor = Object.getOwnPropertyDescriptor(source, 'readings')
  if (descriptor) Object.defineProperty(target, 'readings', { ...descriptor, configurable: true })
  return target as T & WithReadings
}
