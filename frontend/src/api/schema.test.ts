import { describe, expect, it } from 'vitest'
import { generateTypes } from '../../scripts/schema-types.mjs'
import generated from './schema.generated.ts?raw'
import schemaText from './schema.json?raw'

describe('types générés depuis le schéma GraphQL', () => {
  it('src/api/schema.generated.ts correspond à src/api/schema.json (npm run schema:types)', () => {
    const schema: unknown = JSON.parse(schemaText)
    expect(generateTypes(schema)).toBe(generated)
  })

  it('contient les types utilisés par le planning', () => {
    expect(generated).toContain("export type ReasonCode = 'UNPLANNED_ABSENCE' | 'SERVICE_CONTINUITY'")
    expect(generated).toMatch(/export interface SetAssignmentInput \{[^}]*overrideReasonCode\?: ReasonCode \| null/)
    expect(generated).toMatch(/export interface JobProgress \{[^}]*objective: number \| null/)
  })
})
