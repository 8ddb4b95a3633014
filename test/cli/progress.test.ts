import { describe, expect, it } from 'vitest'
import { progressFor } from '../../src/cli/copy/progress.js'

const fakeStream = (isTTY: boolean) => {
  const chunks: string[] = []
  const stream = { isTTY, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream
  return { stream, chunks }
}

describe('copy progress', () => {
  it('draws a bar (cli-progress) with counts, rate and time left on a terminal', () => {
    const { stream, chunks } = fakeStream(true)
    const p = progressFor(stream)
    p.start(3)
    for (let i = 0; i < 3; i++) p.item()
    p.stop()
    const text = chunks.join('')
    expect(text).toMatch(/\[-{30}\] 0\/3 0\/s/)
    expect(text).toMatch(/\[#{30}\] 3\/3 \d+\/s 0s left/)
    expect(text.endsWith('\n')).toBe(true)
  })

  it('writes a line every 1,000 items otherwise', () => {
    const { stream, chunks } = fakeStream(false)
    const p = progressFor(stream)
    p.start(2500)
    for (let i = 0; i < 2500; i++) p.item()
    p.stop()
    expect(chunks).toEqual(['1000/2500 items\n', '2000/2500 items\n'])
  })
})
