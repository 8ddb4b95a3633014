import { afterAll, beforeAll, describe } from 'vitest'
import { describeAudit } from './contract/audit.contract.js'
import { describeChangeEvents } from './contract/change-events.contract.js'
import { describeChanges } from './contract/changes.contract.js'
import { describeClaims } from './contract/claims.contract.js'
import type { ContractContext, StoreFixture } from './contract/fixtures.js'
import { describeReferences } from './contract/references.contract.js'
import { describeSchemas } from './contract/schemas.contract.js'
import { describeStaging } from './contract/staging.contract.js'
import { describeScopes } from './contract/scopes.contract.js'
import { describeSubjects } from './contract/subjects.contract.js'
import { describeTransactions } from './contract/transactions.contract.js'
import { describeVersions } from './contract/versions.contract.js'

export type { StoreFixture } from './contract/fixtures.js'

/**
 * The RegistryStore contract (src/storage/registry-store.ts), one suite for every implementation
 * (docs/ARCHITECTURE.md §5). The tests share one store and name everything they write uniquely. Most of them read
 * before they write, so that a caching implementation is caught serving what it read before the write.
 */
export const describeRegistryStore = (name: string, make: () => Promise<StoreFixture>) =>
  describe(`RegistryStore contract on ${name}`, () => {
    let fixture: StoreFixture | undefined
    const c: ContractContext = {
      get store() {
        return fixture!.store
      },
      get fixture() {
        return fixture!
      },
      open: make,
    }
    beforeAll(async () => {
      fixture = await make()
    })
    afterAll(() => fixture?.dispose())

    describeSchemas(c)
    describeVersions(c)
    describeReferences(c)
    describeSubjects(c)
    describeScopes(c)
    describeClaims(c)
    describeStaging(c)
    describeTransactions(c)
    describeChanges(c)
    describeAudit(c)
    describeChangeEvents(c)
  })
