/**
 * The command line: `schema-registry copy --from <src> --to <dst>` (docs/EXTENSIONS.md §2). It talks to
 * registries only over HTTP (the Confluent REST API), never to the server's layers.
 */
import { text } from 'node:stream/consumers'
import { parseArgs } from 'node:util'
import { hashPassword } from '../auth/passwords.js'
import { copy } from './copy/copy.js'
import { CopyConflict, summaryLine } from './copy/model.js'
import { progressFor } from './copy/progress.js'

const USAGE = `usage: schema-registry hash-password < password
       schema-registry copy (--from <registry URL | directory | gs://bucket/prefix> | --from-files <directory | gs://bucket/prefix>)
                            --to <registry URL | directory | gs://bucket/prefix>
  [--from-user U --from-password P | --from-token T] [--to-user U --to-password P | --to-token T] [--timeout SECONDS]
  --from-files reads a registry's versioned files (DATA_DIR/files, or its GCS_BUCKET and GCS_PREFIX) to rebuild it`

/** `hash-password`: reads a password on stdin (one line), prints the `passwordHash` for AUTH_FILE. */
const hashPasswordCommand = async (out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> => {
  const password = (await text(process.stdin)).replace(/\r?\n$/, '')
  if (password === '') {
    err.write('hash-password reads the password on stdin: echo -n "$PASSWORD" | schema-registry hash-password\n')
    return 2
  }
  out.write(`${await hashPassword(password)}\n`)
  return 0
}

const runCli = async (argv: string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> => {
  const [command, ...rest] = argv
  if (command === 'hash-password') return hashPasswordCommand(out, err)
  if (command !== 'copy') {
    err.write(`${command === undefined ? 'no command' : `unknown command ${command}`}\n${USAGE}\n`)
    return 2
  }
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({
      args: rest,
      options: {
        from: { type: 'string' },
        'from-files': { type: 'string' },
        to: { type: 'string' },
        'from-user': { type: 'string' },
        'from-password': { type: 'string' },
        'from-token': { type: 'string' },
        'to-user': { type: 'string' },
        'to-password': { type: 'string' },
        'to-token': { type: 'string' },
        timeout: { type: 'string' },
      },
      strict: true,
    }).values
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`)
    return 2
  }
  const from = values.from ?? values['from-files']
  if (!from || !values.to || (values.from && values['from-files'])) {
    err.write(`one of --from and --from-files, and --to, are required\n${USAGE}\n`)
    return 2
  }
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeout !== undefined && !(timeout > 0)) {
    err.write(`--timeout takes a number of seconds above 0\n${USAGE}\n`)
    return 2
  }
  const result = await copy({
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    from: { location: from, files: values['from-files'] !== undefined, credentials: { user: values['from-user'], password: values['from-password'], token: values['from-token'] } },
    to: { location: values.to, credentials: { user: values['to-user'], password: values['to-password'], token: values['to-token'] } },
    progress: progressFor(err),
  })
  if (result.error) err.write(`${result.error instanceof CopyConflict ? '' : 'copy failed: '}${result.error.message}\n`)
  out.write(summaryLine(result.summary) + '\n')
  return result.error ? 1 : 0
}

process.exitCode = await runCli(process.argv.slice(2))
