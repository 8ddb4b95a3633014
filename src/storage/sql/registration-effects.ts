import { registrationKey } from '../registry-store.js'
import type { WriteLog } from './sql-writer.js'

type Args = unknown[]
type VersionArg = { context: string; subject: string; schemaId: number }
// What each write changes of registrations (rows of subject_versions), so that a cache of "where is
// id N registered" survives the writes that do not concern N: a registration elsewhere leaves
// every other id's answer as it was. Writes missing here (staging) leave `log.registrations` unknown.
const REGISTRATION_EFFECTS: Record<string, (a: Args, result: unknown) => { ids?: string[]; subjects?: string[] }> = {
  insertVersion: ([v]) => ({ ids: [registrationKey((v as VersionArg).context, (v as VersionArg).schemaId)] }),
  // the id it replaces is not known here: every cached answer listing the subject goes
  replaceVersion: ([v]) => {
    const { context, subject, schemaId } = v as VersionArg
    return { ids: [registrationKey(context, schemaId)], subjects: [registrationKey(context, subject)] }
  },
  markVersionDeleted: ([context, subject]) => ({ subjects: [registrationKey(context as string, subject as string)] }),
  deleteVersion: ([context, subject]) => ({ subjects: [registrationKey(context as string, subject as string)] }),
  deleteSubject: ([context, name]) => ({ subjects: [registrationKey(context as string, name as string)] }),
  // an unused schema has no registrations, but its rows cascade to subject_versions: say so anyway
  deleteSchemaIfUnused: ([context, id], result) => (result === true ? { ids: [registrationKey(context as string, id as number)] } : {}),
  ...Object.fromEntries(
    ['touchSubject', 'bumpSubject', 'insertSchema', 'insertSchemaWithId', 'setConfig', 'setMode', 'clearModes', 'appendEvent', 'setSubjectClaim'].map((n) => [n, () => ({})]),
  ),
}

/** Adds what the write `name` changed of registrations to the log (unknown for a write not listed). */
export const noteRegistrations = (log: WriteLog, name: string, args: Args, result: unknown) => {
  const effect = REGISTRATION_EFFECTS[name]
  if (!effect) {
    log.registrations = undefined
    return
  }
  const { ids = [], subjects = [] } = effect(args, result)
  ids.forEach((k) => log.registrations?.ids.add(k))
  subjects.forEach((k) => log.registrations?.subjects.add(k))
}
