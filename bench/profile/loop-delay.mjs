// Preloaded into the registry process (`node --import`): its event-loop delay, written as JSON to
// LOOP_DELAY_FILE and reset on every SIGUSR2, so a profile script can read it per phase.
import { writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const h = monitorEventLoopDelay({ resolution: 5 })
h.enable()
const ms = (ns) => Number((ns / 1e6).toFixed(1))
process.on('SIGUSR2', () => {
  const out = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) }
  if (process.env.LOOP_DELAY_FILE) writeFileSync(process.env.LOOP_DELAY_FILE, JSON.stringify(out))
  h.reset()
})
