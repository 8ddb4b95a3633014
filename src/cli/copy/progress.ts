/** Progress on stderr: a bar with counts, rate and time left on a terminal, a line every 1,000 items otherwise. */
export interface Progress {
  start(total: number): void
  item(): void
  stop(): void
}

export const silentProgress: Progress = { start() {}, item() {}, stop() {} }

export const progressFor = (stream: NodeJS.WriteStream): Progress => {
  let total = 0
  let done = 0
  let started = 0
  let lastDraw = 0
  const draw = (force: boolean) => {
    const now = Date.now()
    if (!force && now - lastDraw < 100) return
    lastDraw = now
    const width = 30
    const frac = total === 0 ? 1 : Math.min(1, done / total)
    const filled = Math.round(frac * width)
    const secs = Math.max((now - started) / 1000, 0.001)
    const rate = done / secs
    const left = rate > 0 ? Math.ceil((total - done) / rate) : 0
    stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(0)}/s ${left}s left `)
  }
  if (stream.isTTY) {
    return {
      start(t) {
        total = t
        started = Date.now()
        draw(true)
      },
      item() {
        done++
        draw(done === total)
      },
      stop() {
        draw(true)
        stream.write('\n')
      },
    }
  }
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
