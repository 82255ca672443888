import { getContainerRuntimeClient } from 'testcontainers'
import { DemoAccountError } from '../errors.ts'
import { ENV } from '../internal/environment.ts'
import {
  type BinarySearch,
  findLocalBinaries,
  type LocalBinaries,
} from '../local-engine/find-binaries.ts'
import { engineTried, runtimeUnavailable } from './start-containers.ts'

/** What starts the stores that have no URL: containers, or processes from the machine's binaries. */
export type EngineOption = 'container' | 'local' | 'auto'

export type EngineChoice =
  | { readonly engine: 'container' }
  | { readonly engine: 'local'; readonly binaries: LocalBinaries }

function localBinariesOrThrow(search: BinarySearch): LocalBinaries {
  if (search.found) return search.found
  throw new DemoAccountError(
    'LOCAL_ENGINE_UNAVAILABLE',
    `The local engine cannot start the stores: it found no ${search.missing}. Install them (Debian: apt-get install postgresql redis-server; macOS: brew install postgresql@16 redis), ` +
      `point MED_DEMO_PG_BIN at the directory of initdb and postgres or MED_DEMO_REDIS_SERVER at the server, or use the container engine (\`engine: 'container'\`).`,
  )
}

/** The fallback notice is said once per process (reuse asks before the stores are started). */
let fallbackNoted = false

/**
 * `'auto'`: containers when a container engine answers (testcontainers' own detection, which the
 * container start would run anyway), else the local engine when its binaries exist, saying so on
 * stderr, else `CONTAINER_RUNTIME_UNAVAILABLE`.
 */
export async function chooseEngine(
  option: EngineOption,
  find: () => BinarySearch = findLocalBinaries,
): Promise<EngineChoice> {
  if (option === 'container') return { engine: 'container' }
  if (option === 'local') return { engine: 'local', binaries: localBinariesOrThrow(find()) }
  try {
    await getContainerRuntimeClient()
    return { engine: 'container' }
  } catch (error) {
    const search = find()
    if (search.found) {
      if (!fallbackNoted) {
        fallbackNoted = true
        process.stderr.write(
          `[demo-account] No container engine answers (${engineTried()}); using the local engine: Postgres from ${search.found.postgres}, Redis from ${search.found.redisServer} (${ENV.engine}=local says so and hides this notice).\n`,
        )
      }
      return { engine: 'local', binaries: search.found }
    }
    throw runtimeUnavailable(error, search.missing)
  }
}
