/** The variable that tells the Playwright workers (and a command after `up --`) where the state file is. */
export const STATE_FILE_VARIABLE = 'MED_DEMO_STATE_FILE'

/** Where `demoWebServer()` has `med-demo up` describe the environment, by default (and `down` looks). */
export const DEFAULT_STATE_FILE = 'playwright/.auth/med-demo.json'
