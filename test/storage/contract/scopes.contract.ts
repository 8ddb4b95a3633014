import { describe, expect, it } from 'vitest'
import type { Mode } from '../../../src/domain/levels.js'
import type { RegistryStore } from '../../../src/storage/registry-store.js'
import { unique, type ContractContext } from './fixtures.js'

const modesOf = (store: RegistryStore, scopes: string[]) => Promise.all(scopes.map((s) => store.mode(s)))

const setModes = (store: RegistryStore, modes: Record<string, Mode>) =>
  store.transaction(async (tx) => {
    for (const [scope, mode] of Object.entries(modes)) await tx.setMode(scope, mode)
  })

/** Configs and modes by scope key: config, setConfig, mode, setMode, clearModes. */
export const describeScopes = (c: ContractContext) =>
  describe('configs and modes', () => {
    it('stores a config by scope, replaces it whole, and removes it with undefined', async () => {
      const scope = `:.:${unique('cfg')}`
      expect(await c.store.config(scope)).toBeUndefined()
      const full = { compatibilityLevel: 'FULL', normalize: true, defaultMetadata: { properties: { a: '1' } }, overrideRuleSet: { domainRules: [] } } as const
      await c.store.transaction((tx) => tx.setConfig(scope, full))
      expect(await c.store.config(scope)).toEqual(full)
      await c.store.transaction((tx) => tx.setConfig(scope, { alias: 'other' }))
      expect(await c.store.config(scope)).toEqual({ alias: 'other' })
      await c.store.transaction(async (tx) => {
        await tx.setConfig(scope, undefined)
        await tx.setConfig(scope, undefined)
      })
      expect(await c.store.config(scope)).toBeUndefined()
    })

    it('keeps configs of different scopes apart', async () => {
      const name = unique('cfg-apart')
      const [subject, context] = [`:.:${name}`, `:.${name}:`]
      await c.store.transaction((tx) => tx.setConfig(subject, { compatibilityLevel: 'NONE' }))
      expect(await c.store.config(context)).toBeUndefined()
      await c.store.transaction((tx) => tx.setConfig(context, { compatibilityLevel: 'FORWARD' }))
      expect(await c.store.config(subject)).toEqual({ compatibilityLevel: 'NONE' })
    })

    it('reads the configs and modes of several scopes at once, in the order asked, undefined where none', async () => {
      const name = unique('settings')
      const [a, b, none] = [`:.:${name}-a`, `:.${name}:`, `:.:${name}-none`]
      await c.store.transaction(async (tx) => {
        await tx.setConfig(a, { compatibilityLevel: 'NONE', defaultMetadata: { properties: { k: 'v' } } })
        await tx.setMode(a, 'READONLY')
        await tx.setConfig(b, { normalize: true })
        await tx.setMode(none, 'IMPORT')
        await tx.setMode(none, undefined)
      })
      expect(await c.store.settings([none, b, a])).toEqual({
        configs: [undefined, { normalize: true }, { compatibilityLevel: 'NONE', defaultMetadata: { properties: { k: 'v' } } }],
        modes: [undefined, undefined, 'READONLY'],
      })
      expect(await c.store.settings([])).toEqual({ configs: [], modes: [] })
    })

    it('stores a mode by scope, replaces it, and removes it with undefined', async () => {
      const scope = `:.:${unique('mode')}`
      expect(await c.store.mode(scope)).toBeUndefined()
      await setModes(c.store, { [scope]: 'READONLY' })
      expect(await c.store.mode(scope)).toBe('READONLY')
      await setModes(c.store, { [scope]: 'IMPORT' })
      expect(await c.store.mode(scope)).toBe('IMPORT')
      await c.store.transaction(async (tx) => {
        await tx.setMode(scope, undefined)
        await tx.setMode(scope, undefined)
      })
      expect(await c.store.mode(scope)).toBeUndefined()
    })

    it('clears the modes of a scope and of the scopes under it, and no others', async () => {
      const ctx = unique('.clear')
      const inside = [`:${ctx}:`, `:${ctx}:a`, `:${ctx}:b`]
      const outside = [`:${ctx}x:`, `:${ctx}x:a`, `:.:${ctx}`]
      await setModes(c.store, Object.fromEntries([...inside, ...outside].map((s) => [s, 'READONLY' as const])))
      await c.store.transaction((tx) => tx.setConfig(`:${ctx}:a`, { compatibilityLevel: 'NONE' }))
      expect(await modesOf(c.store, inside)).toEqual(['READONLY', 'READONLY', 'READONLY'])
      await c.store.transaction((tx) => tx.clearModes(`:${ctx}:`))
      expect(await modesOf(c.store, inside)).toEqual([undefined, undefined, undefined])
      expect(await modesOf(c.store, outside)).toEqual(['READONLY', 'READONLY', 'READONLY'])
      expect(await c.store.config(`:${ctx}:a`)).toEqual({ compatibilityLevel: 'NONE' })
    })

    // A prefix is matched literally: LIKE's wildcards and its escape character match only themselves.
    // Each lookalike is a context an unescaped pattern for the first one would also match.
    it.each([
      ['%', (n: number) => [`.p%${n}`, `.pXYZ${n}`]],
      ['_', (n: number) => [`.u_${n}`, `.ux${n}`]],
      ['\\', (n: number) => [`.b\\x${n}`, `.bx${n}`]],
      ['a trailing \\', (n: number) => [`.t${n}\\`, `.t${n}`]],
    ])('clears only its own scopes when a context name holds %s', async (_, names) => {
      const [ctx, lookalike] = names(Number(unique('n').slice(2)))
      const own = [`:${ctx}:`, `:${ctx}:s`]
      const theirs = [`:${lookalike}:`, `:${lookalike}:s`]
      await setModes(c.store, Object.fromEntries([...own, ...theirs].map((s) => [s, 'READONLY' as const])))
      await c.store.transaction((tx) => tx.clearModes(`:${ctx}:`))
      expect(await modesOf(c.store, own)).toEqual([undefined, undefined])
      expect(await modesOf(c.store, theirs)).toEqual(['READONLY', 'READONLY'])
    })

    it('clears the modes of a subject whose name holds LIKE wildcards without clearing its lookalikes', async () => {
      const ctx = unique('.subj')
      const own = `:${ctx}:a_%`
      const lookalike = `:${ctx}:ab%`
      await setModes(c.store, { [own]: 'READONLY', [lookalike]: 'READONLY' })
      await c.store.transaction((tx) => tx.clearModes(own))
      expect(await modesOf(c.store, [own, lookalike])).toEqual([undefined, 'READONLY'])
    })

    it('clears every mode for an empty prefix', async () => {
      const scopes = [`:.:${unique('all')}`, `:${unique('.all')}:`, ':.__GLOBAL:']
      await setModes(c.store, Object.fromEntries(scopes.map((s) => [s, 'READWRITE' as const])))
      expect(await modesOf(c.store, scopes)).toEqual(['READWRITE', 'READWRITE', 'READWRITE'])
      await c.store.transaction((tx) => tx.clearModes(''))
      expect(await modesOf(c.store, scopes)).toEqual([undefined, undefined, undefined])
    })
  })
