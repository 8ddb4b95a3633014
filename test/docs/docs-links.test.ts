import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The repository stands alone: every design document the code cites lives in docs/, every cited
 * section (`§N`, `§N.M`) exists there, and nothing points outside the repository for documents.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'data', 'coverage'])
const TEXT_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.cjs', '.json', '.md', '.yaml', '.yml', '.sql', '.txt', '.sh', ''])

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : walk(full)
    return [full]
  })

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/')
const textFiles = (dir: string) => walk(path.join(ROOT, dir)).filter((f) => TEXT_EXTENSIONS.has(path.extname(f)) || path.basename(f).startsWith('.'))

// Built from parts so that this file does not match itself.
const OUTSIDE = [new RegExp(['', 'work', 'shared'].join('\\/')), new RegExp(['\\.\\.', 'shared'].join('\\/'))]

/** Section numbers a document defines: `## 3. Title` is §3, `### 3.1 Title` is §3.1. */
const sectionsOf = (file: string): Set<string> => {
  const out = new Set<string>()
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^#{2,4} (\d+(?:\.\d+)*)\.?\s/.exec(line)
    if (m) out.add(m[1]!)
  }
  return out
}

// `docs/API.md`, `docs/decisions/0001-x.md`, or a bare design-document name such as `API.md`.
const CITATION = /(?<![\w/.-])((?:docs\/)?(?:[\w.-]+\/)*[A-Za-z0-9_-]+\.md)\b|§\s?(\d+(?:\.\d+)*)/g
const NOT_DOCS = new Set(['README.md', 'CHANGELOG.md', 'LICENSE.md', 'CONTRIBUTING.md'])

interface Problem {
  file: string
  line: number
  message: string
}

/**
 * The citation problems of one file's text, in order; `relFile` is its path from the repository root.
 *
 * In src/, test/ and the other top-level files a design document is cited as `docs/NAME.md`, and a
 * `§N` belongs to the document cited last before it in the file (a header comment names the document
 * once for the whole file). Inside docs/, documents cite each other by bare name (`API.md §3`); a `§N`
 * belongs to the document named before it on the same line, else to the file itself; relative links
 * (`](decisions/0001-x.md)`) must resolve.
 */
const citationProblems = (relFile: string, text: string): Problem[] => {
  const problems: Problem[] = []
  const inDocs = relFile.startsWith('docs/')
  const self = path.join(ROOT, relFile)
  let current: string | undefined
  text.split('\n').forEach((line, i) => {
    const report = (message: string) => problems.push({ file: relFile, line: i + 1, message })
    if (inDocs) current = self
    for (const m of line.matchAll(CITATION)) {
      const [, cited, section] = m
      if (cited) {
        const isLink = line.slice(0, m.index).endsWith('](')
        if (NOT_DOCS.has(path.basename(cited)) && !cited.startsWith('docs/') && !isLink) continue
        let target: string | undefined
        if (cited.startsWith('docs/')) target = path.join(ROOT, cited)
        else if (inDocs && isLink) target = path.resolve(path.dirname(self), cited)
        else if (/^[A-Z][A-Z0-9_-]*\.md$/.test(cited)) {
          if (!inDocs) {
            report(`cite ${cited} as docs/${cited}`)
            current = undefined
            continue
          }
          target = path.join(ROOT, 'docs', cited)
        } else continue // another Markdown file (a fixture's README, a spec's file name): not ours
        if (!exists(target)) {
          report(`${cited}: no such file in the repository`)
          if (!isLink) current = undefined
        } else if (!isLink || !inDocs) current = target
      } else if (section) {
        if (!current) report(`§${section} does not say which document it cites`)
        else if (!sectionsOf(current).has(section)) report(`§${section} does not exist in ${rel(current)}`)
      }
    }
  })
  return problems
}

const exists = (file: string) => {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

const checkFile = (file: string) => citationProblems(rel(file), readFileSync(file, 'utf8'))

describe('the design documents are in the repository', () => {
  it('has the documents the code relies on', () => {
    for (const doc of ['API.md', 'COMPATIBILITY.md', 'ARCHITECTURE.md', 'decisions/README.md']) {
      expect(statSync(path.join(ROOT, 'docs', doc)).isFile(), doc).toBe(true)
    }
  })

  it('every citation in src/ and test/ names a file in docs/ and a section it has', () => {
    // This file is left out: its probes below cite missing documents on purpose.
    const files = [...textFiles('src'), ...textFiles('test')].filter((f) => f !== fileURLToPath(import.meta.url))
    expect(files.length).toBeGreaterThan(50)
    expect(files.flatMap(checkFile)).toEqual([])
  })

  it('every citation in the README, openapi.yaml and docs/ itself resolves', () => {
    const files = [path.join(ROOT, 'README.md'), path.join(ROOT, 'openapi.yaml'), ...textFiles('docs')]
    expect(files.flatMap(checkFile)).toEqual([])
  })

  it('nothing in the repository refers to documents outside it', () => {
    const offenders = walk(ROOT)
      .filter((f) => {
        const text = readFileSync(f, 'utf8')
        return OUTSIDE.some((re) => re.test(text))
      })
      .map(rel)
    expect(offenders).toEqual([])
  })
})

describe('the citation checker', () => {
  // Guards the guard: a checker that finds nothing would pass silently.
  const probe = (text: string, file = 'src/probe.ts') => citationProblems(file, text).map((p) => p.message)

  it('accepts existing documents and sections, in the spellings the code uses', () => {
    expect(probe('(docs/API.md §1 rule 2) and §3/§4/§6\ndocs/ARCHITECTURE.md §3.3, docs/COMPATIBILITY.md §1')).toEqual([])
    expect(probe('see ARCHITECTURE.md §3.3 and [API](../API.md), §2', 'docs/decisions/probe.md')).toEqual([])
    expect(probe('[0001](decisions/0001-two-dialects-one-store.md) and §7', 'docs/API.md')).toEqual([])
  })

  it('rejects a missing document, a missing section, a bare name and a section without a document', () => {
    expect(probe('docs/NOPE.md')).toEqual(['docs/NOPE.md: no such file in the repository'])
    expect(probe('docs/API.md §99')).toEqual(['§99 does not exist in docs/API.md'])
    expect(probe('API.md §1')).toEqual(['cite API.md as docs/API.md', '§1 does not say which document it cites'])
    expect(probe('§2 alone')).toEqual(['§2 does not say which document it cites'])
    expect(probe('[x](decisions/9999-none.md)', 'docs/API.md')).toEqual(['decisions/9999-none.md: no such file in the repository'])
    expect(probe('§42', 'docs/API.md')).toEqual(['§42 does not exist in docs/API.md'])
  })
})
