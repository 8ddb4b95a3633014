import { SingleBar } from 'cli-progress'

/** Progress on stderr: a bar with counts, rate and time left on a terminal, a line every 1,000 items otherwise. */
export interface Progress {
  start(total: number): void
  item(): void
  stop(): void
}

export const silentProgress: Progress = { start() {}, item() {}, stop() {} }

/** A terminal gets `cli-progress`'s bar; a log file or pipe gets a plain line per 1,000 items. */
export const progressFor = (stream: NodeJS.WriteStream): Progress => (stream.isTTY ? barProgress(stream) : lineProgress(stream))

const barProgress = (stream: NodeJS.WriteStream): Progress => {
  const bar = new SingleBar({
    stream,
    format: '[{bar}] {value}/{total} {rate}/s {eta}s left',
    barCompleteChar: '#',
    barIncompleteChar: '-',
    barsize: 30,
    hideCursor: false,
    // the copy calls item() per request; the bar redraws at most this often
    fps: 10,
  })
  let started = 0
  const rate = () => (bar.getProgress() * bar.getTotal()) / Math.max((Date.now() - started) / 1000, 0.001)
  return {
    start(total) {
      started = Date.now()
      bar.start(total, 0, { rate: '0' })
    },
    item() {
      bar.increment(1, { rate: rate().toFixed(0) })
    },
    stop() {
      bar.update({ rate: rate().toFixed(0) })
      bar.stop()
    },
  }
}

const lineProgress = (stream: NodeJS.WriteStream): Progress => {
  let total = 0
  let done = 0
  return {
    start(t) {
      total = t
    },
    item() {
      done++
      if (done % 1000 === 0) stream.write(`${done}/${total} items\n`)
    },
    stop() {},
  }
}
