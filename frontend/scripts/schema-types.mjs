#!/usr/bin/env node
// Types TypeScript générés depuis le schéma GraphQL du backend.
//
//   node scripts/schema-types.mjs --fetch   lance `releve demo` (profil développement, introspection
//                                           active), lit le schéma par introspection, écrit
//                                           src/api/schema.json puis src/api/schema.generated.ts
//   node scripts/schema-types.mjs           régénère seulement src/api/schema.generated.ts
//
// Le binaire est cherché comme dans e2e/run.mjs (RELEVE_BIN, $CARGO_TARGET_DIR/debug/releve,
// ../target/debug/releve). Avec RELEVE_API_URL=http://hôte:port/, aucun backend n'est lancé.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const FRONTEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SCHEMA_JSON = path.join(FRONTEND_DIR, 'src/api/schema.json')
const SCHEMA_TS = path.join(FRONTEND_DIR, 'src/api/schema.generated.ts')

// Deep enough for a non-null list of non-null lists of non-null items (`[[UUID!]!]!`) and more.
const TYPE_REF =
  'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }'
const INTROSPECTION = `{ __schema {
  queryType { name } mutationType { name } subscriptionType { name }
  types { kind name description
    fields { name description args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } }
    inputFields { name description type { ${TYPE_REF} } }
    enumValues { name description }
  } } }`

const SCALARS = {
  String: 'string',
  ID: 'string',
  Boolean: 'boolean',
  Int: 'number',
  Float: 'number',
  UUID: 'string',
  NaiveDate: 'string',
  DateTime: 'string',
  JSON: 'unknown',
}

function findBinary() {
  const candidates = process.env.RELEVE_BIN
    ? [process.env.RELEVE_BIN]
    : [
        ...(process.env.CARGO_TARGET_DIR ? [path.join(process.env.CARGO_TARGET_DIR, 'debug/releve')] : []),
        path.join(FRONTEND_DIR, '../target/debug/releve'),
      ]
  const found = candidates.find((file) => existsSync(file))
  if (!found) throw new Error(`binaire « releve » introuvable : ${candidates.join(', ')}`)
  return found
}

async function fetchSchema() {
  let child
  let dataDir
  let url = process.env.RELEVE_API_URL
  try {
    if (!url) {
      dataDir = mkdtempSync(path.join(tmpdir(), 'releve-schema-'))
      child = spawn(findBinary(), ['demo', '--bind', '127.0.0.1:0', '--data-dir', dataDir], {
        stdio: ['ignore', 'pipe', 'inherit'],
        detached: true,
      })
      url = await new Promise((resolve, reject) => {
        let out = ''
        const timer = setTimeout(() => reject(new Error('pas d’URL du backend en 60 s')), 60_000)
        child.stdout.setEncoding('utf8')
        child.stdout.on('data', (chunk) => {
          out += chunk
          const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)
          if (match) {
            clearTimeout(timer)
            resolve(match[0])
          }
        })
        child.once('exit', (code) => reject(new Error(`le backend s’est arrêté (code ${code})`)))
      })
    }
    const response = await fetch(new URL('/graphql', url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: INTROSPECTION }),
    })
    const body = await response.json()
    if (!body.data) throw new Error(`introspection refusée : ${JSON.stringify(body.errors)}`)
    return body.data.__schema
  } finally {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // déjà arrêté
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Type TypeScript d'une référence de type GraphQL (`null` permis sauf NON_NULL). */
function tsType(ref, nullable = true) {
  if (ref.kind === 'NON_NULL') return tsType(ref.ofType, false)
  const inner =
    ref.kind === 'LIST'
      ? `Array<${tsType(ref.ofType)}>`
      : ref.kind === 'SCALAR'
        ? (SCALARS[ref.name] ?? 'unknown')
        : ref.name
  return nullable ? `${inner} | null` : inner
}

function comment(text, indent = '') {
  if (!text) return ''
  return `${indent}/** ${text.replace(/\*\//g, '* /').replace(/\n+/g, ' ')} */\n`
}

/** Texte TypeScript du module généré (déterministe : types triés par nom). */
export function generateTypes(schema) {
  const types = schema.types
    .filter((t) => !t.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name))
  let out =
    '// Fichier généré par scripts/schema-types.mjs depuis src/api/schema.json : ne pas modifier.\n' +
    '/* eslint-disable */\n\n'
  for (const t of types) {
    if (t.kind === 'SCALAR') continue
    out += comment(t.description)
    if (t.kind === 'ENUM') {
      out += `export type ${t.name} = ${t.enumValues.map((v) => `'${v.name}'`).join(' | ')}\n\n`
    } else if (t.kind === 'OBJECT' || t.kind === 'INTERFACE') {
      out += `export interface ${t.name} {\n`
      for (const f of t.fields ?? []) {
        out += comment(f.description, '  ')
        out += `  ${f.name}: ${tsType(f.type)}\n`
      }
      out += '}\n\n'
      const withArgs = (t.fields ?? []).filter((f) => f.args.length > 0)
      for (const f of withArgs) {
        const name = `${t.name}${f.name[0].toUpperCase()}${f.name.slice(1)}Args`
        out += `export interface ${name} {\n`
        for (const a of f.args) {
          const optional = a.type.kind !== 'NON_NULL'
          out += `  ${a.name}${optional ? '?' : ''}: ${tsType(a.type)}\n`
        }
        out += '}\n\n'
      }
    } else if (t.kind === 'INPUT_OBJECT') {
      out += `export interface ${t.name} {\n`
      for (const f of t.inputFields ?? []) {
        out += comment(f.description, '  ')
        const optional = f.type.kind !== 'NON_NULL'
        out += `  ${f.name}${optional ? '?' : ''}: ${tsType(f.type)}\n`
      }
      out += '}\n\n'
    } else if (t.kind === 'UNION') {
      out += `export type ${t.name} = unknown\n\n`
    }
  }
  return out.trimEnd() + '\n'
}

async function main() {
  if (process.argv.includes('--fetch')) {
    const schema = await fetchSchema()
    writeFileSync(SCHEMA_JSON, JSON.stringify(schema, null, 1) + '\n')
    console.log(`schéma écrit : ${SCHEMA_JSON}`)
  }
  const schema = JSON.parse(readFileSync(SCHEMA_JSON, 'utf8'))
  writeFileSync(SCHEMA_TS, generateTypes(schema))
  console.log(`types écrits : ${SCHEMA_TS}`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
