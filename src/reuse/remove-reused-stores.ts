import {
  listReusedContainers,
  type ReusedContainer,
  removeContainers,
} from './reused-containers.ts'

/**
 * Removes the containers kept for reuse (`reuse: true`, `med-demo up --reuse`): all of them, or
 * those whose set-up key starts with `key` (the 12 characters the notes print will do), or those
 * of the set `name` (`reuse: 'name'`). Runs still using them lose their stores. Returns what was
 * removed.
 */
export async function removeReusedStores(
  options: { key?: string; name?: string } = {},
): Promise<readonly ReusedContainer[]> {
  const prefix = options.key ?? ''
  const containers = (await listReusedContainers()).filter(
    (c) => c.key.startsWith(prefix) && (options.name === undefined || c.name === options.name),
  )
  await removeContainers(containers)
  return containers
}
