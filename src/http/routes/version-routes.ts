import type { FastifyInstance } from 'fastify'
import { actorOf } from '../audit.js'
import { z } from 'zod'
import { alsoOnBody, can } from '../access.js'
import { visibleIds } from '../visibility.js'
import { presentPublished } from '../published.js'
import { fileSubjectNames } from '../schema-fields.js'
import { deleteModeOf } from '../../services/policy.js'
import { count, flag, page, subjectOf, subjectParams, text, versionOf, versionParams } from '../params.js'
import { withReferenceFormat } from '../resource-shapes.js'
import { typed, type RouteDeps } from './route-deps.js'

const versionQuery = z.object({ deleted: flag, format: text, referenceFormat: text })
const listQuery = z.object({ deleted: flag, deletedOnly: flag, deletedAsNegative: flag, offset: count, limit: count })

type Deps = Pick<RouteDeps, 'subjects' | 'deletes' | 'registrar' | 'publisher' | 'schemas' | 'counts'>

export const versionRoutes = async (app: FastifyInstance, { subjects, deletes, registrar, publisher, schemas, counts }: Deps) => {
  const r = typed(app)

  r.get('/subjects/:subject/versions', { ...can.read('subject'), schema: { params: subjectParams, querystring: listQuery } }, async (req) => {
    const q = req.query
    const ref = subjectOf(req, req.params.subject)
    const { policy } = req.dialect
    const versions = await subjects.listVersions(ref, { deleted: q.deleted || q.deletedAsNegative, deletedOnly: q.deletedOnly }, policy)
    if (!q.deletedAsNegative) return page(versions, q.offset, q.limit)
    const live = new Set(await subjects.listVersions(ref, { deleted: false, deletedOnly: false }, policy).catch(() => []))
    return page(
      versions.map((v) => (live.has(v) ? v : -v)),
      q.offset,
      q.limit,
    )
  })

  r.post(
    '/subjects/:subject/versions',
    // `?force=true` registers what the level rejects: an admin's action (docs/EXTENSIONS.md §6)
    // a set of files also writes the subjects named by its paths (docs/EXTENSIONS.md §9)
    {
      ...alsoOnBody(can.writeUnless('force', 'admin'), fileSubjectNames),
      schema: { params: subjectParams, querystring: z.object({ normalize: flag, force: flag }), body: z.unknown() },
    },
    async (req) => {
      const { bodies, policy, present } = req.dialect
      const subject = subjectOf(req, req.params.subject)
      const set = bodies.fileSet?.(req.body)
      if (set) {
        const published = await publisher.publish({ ...set, subject, normalize: req.query.normalize, force: req.query.force }, policy, actorOf(req))
        for (const f of published.files) if (f.created) counts.schemaCreated(set.schemaType)
        return presentPublished(present, published)
      }
      const input = { ...bodies.schemaFields(req.body), subject, normalize: req.query.normalize, force: req.query.force }
      const result = await registrar.register(input, policy, actorOf(req))
      if (result.created) counts.schemaCreated(result.schemaType)
      return present.registered(result)
    },
  )

  r.get('/subjects/:subject/versions/:version', { ...can.read('subject'), schema: { params: versionParams, querystring: versionQuery } }, async (req) => {
    const { policy, present } = req.dialect
    const found = await subjects.version(subjectOf(req, req.params.subject), versionOf(req.params.version), req.query.deleted, policy)
    const v = withReferenceFormat(found, req.query.referenceFormat)
    return present.version(v, await schemas.render(v, req.query.format))
  })

  r.get(
    '/subjects/:subject/versions/:version/referencedby',
    { ...can.read('subject'), schema: { params: versionParams, querystring: z.object({ deleted: flag, offset: count, limit: count }) } },
    async (req) => {
      const ref = subjectOf(req, req.params.subject)
      const ids = await visibleIds(
        req,
        schemas,
        (await subjects.referencedBy(ref, versionOf(req.params.version), req.query.deleted)).map((id) => ({ context: ref.context, id })),
      )
      return page(
        ids.map(({ id }) => id),
        req.query.offset,
        req.query.limit,
        1000,
      ).map(req.dialect.present.id)
    },
  )

  r.delete('/subjects/:subject/versions/:version', { ...can.admin('subject'), schema: { params: versionParams, querystring: z.object({ permanent: flag }) } }, async (req) => {
    const spec = versionOf(req.params.version)
    const { version, schemaType } = await deletes.deleteVersion(subjectOf(req, req.params.subject), spec, deleteModeOf(req.dialect.policy, req.query.permanent), actorOf(req))
    counts.schemaDeleted(schemaType)
    return version
  })

  r.get(
    '/subjects/:subject/metadata',
    { ...can.read('subject'), schema: { params: subjectParams, querystring: z.object({ key: text, value: text, deleted: flag }) } },
    async (req) => {
      const v = await subjects.latestWithMetadata(subjectOf(req, req.params.subject), req.query.key ?? '', req.query.value ?? '', req.query.deleted)
      return req.dialect.present.version(v, v.schema)
    },
  )
}
