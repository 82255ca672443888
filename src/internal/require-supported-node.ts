// Imported first by every entry point that loads testcontainers: ES modules run their imports in
// order, so an old Node gets this message instead of undici's TypeError from deep inside.
import { assertSupportedNode } from './node-version.ts'

assertSupportedNode()
