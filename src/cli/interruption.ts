import { constants } from 'node:os'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * SIGINT, SIGTERM and SIGHUP, listened to from the moment it is created, so that the default
 * action (dying on the spot, leaving containers behind) never applies. The first signal asks to
 * stop; later ones are handed to {@link Interruption.onRepeat}, to escalate.
 */
export interface Interruption {
  /** Resolves with the first signal. */
  readonly requested: Promise<NodeJS.Signals>
  /** The first signal, once one came. */
  readonly signal: NodeJS.Signals | undefined
  /** The conventional exit code of the first signal (130 for SIGINT, 143 for SIGTERM), if any. */
  readonly exitCode: number | undefined
  /** Called for every signal after the first, with how many came in all. */
  onRepeat(listener: (signal: NodeJS.Signals, count: number) => void): void
  /** Waits for the first signal, keeping the process alive meanwhile. */
  wait(): Promise<NodeJS.Signals>
  /** Stops listening (the default actions apply again). */
  dispose(): void
}

/** 128 + the signal's number, as shells report a process a signal ended. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 15)
}

export function listenForInterruption(): Interruption {
  let first: NodeJS.Signals | undefined
  let count = 0
  const repeatListeners: ((signal: NodeJS.Signals, count: number) => void)[] = []
  let resolveRequested!: (signal: NodeJS.Signals) => void
  const requested = new Promise<NodeJS.Signals>((resolve) => {
    resolveRequested = resolve
  })
  const handler = (signal: NodeJS.Signals) => {
    count += 1
    if (count === 1) {
      first = signal
      resolveRequested(signal)
    } else for (const listener of repeatListeners) listener(signal, count)
  }
  for (const signal of SIGNALS) process.on(signal, handler)
  return {
    requested,
    get signal() {
      return first
    },
    get exitCode() {
      return first === undefined ? undefined : signalExitCode(first)
    },
    onRepeat: (listener) => {
      repeatListeners.push(listener)
    },
    wait: () => {
      // Signal listeners do not keep Node running: a timer does, until a signal comes.
      const keepAlive = setInterval(() => {}, 1 << 30)
      return requested.finally(() => clearInterval(keepAlive))
    },
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, handler)
    },
  }
}
