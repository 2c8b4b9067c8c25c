/** Faux backend GraphQL pour les tests : `fetch` répond selon le champ demandé. */
import { vi } from 'vitest'
import { jsonResponse } from './http.ts'

export interface FakeCall {
  field: string
  query: string
  variables: Record<string, unknown>
  authorization: string | null
}

/** Corps de réponse, ou fonction qui le calcule d'après l'appel. */
export type FakeHandler = unknown | ((call: FakeCall) => unknown)

export const AUTH = (accessToken: string, refreshToken: string, role = 'unit_manager', ttlMs = 15 * 60_000) => ({
  data: {
    login: {
      accessToken,
      accessExpiresAt: new Date(Date.now() + ttlMs).toISOString(),
      refreshToken,
      refreshExpiresAt: new Date(Date.now() + 14 * 24 * 3600_000).toISOString(),
      role,
    },
  },
})

export const gqlError = (message: string, code: string) => ({
  data: null,
  errors: [{ message, extensions: { code } }],
})

// Mutations and the most specific names first: the first name found in the query wins.
const FIELDS = [
  'cellExplanation',
  'recordWorkedTime',
  'recordLeaveTaken',
  'setCetBalance',
  'recordedCounters',
  'setQualificationSubstitution',
  'deleteQualificationSubstitution',
  'qualificationSubstitutions',
  'poolUse',
  'requestRosterRepair',
  'adoptRosterRepair',
  'rosterRepair',
  'rosterScore',
  'rosterExplanations',
  'unitAlerts',
  'unitGains',
  'importStaffMembers',
  'staffCounters',
  'workCycleMembers',
  'updateWorkCycle',
  'deleteWorkCycle',
  'createWorkCycle',
  'assignWorkCycle',
  'setRuleParameter',
  'deleteRuleParameter',
  'setTravelTime',
  'setTheatreSession',
  'deleteTheatreSession',
  'createJointRequirement',
  'deleteJointRequirement',
  'theatreProgramme',
  'jointRequirements',
  'ruleParameterCatalogue',
  'ruleParameters',
  'travelTimes',
  'workCycles',
  'staffCycles',
  'staffCalendar',
  'createStaffMember',
  'updateStaffMember',
  'createShiftType',
  'updateShiftType',
  'setMaquetteDemand',
  'establishments',
  'setAssignment',
  'requestRosterSolve',
  'proposeRoster',
  'validateRoster',
  'publishRoster',
  'overrideViolation',
  'compareRosterVersions',
  'submitDesiderata',
  'deleteDesiderata',
  'units',
  'shiftTypes',
  'maquette',
  'staffMembers',
  'staffMember',
  'rosters',
  'absences',
  'desiderata',
  'myShiftExplanations',
  'myShifts',
  'myDesiderata',
  'myNotifications',
  'job',
  'roster',
  'login',
  'refreshSession',
  'logout',
  'me',
  'verifyAccessLog',
  'accessLog',
  'signAccessLogCheckpoint',
  'apiVersion',
]

/**
 * Installe un `fetch` factice. `handlers[field]` peut être une réponse, une fonction,
 * ou un tableau de réponses servies dans l'ordre (la dernière est répétée).
 */
export function installFakeApi(handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const calls: FakeCall[] = []
  const served: Record<string, number> = {}
  const fetchMock = vi.fn<typeof fetch>(async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as { query: string; variables?: Record<string, unknown> }
    const field = FIELDS.find((name) => new RegExp(`\\b${name}\\b`).test(body.query))
    if (field === undefined) throw new Error(`requête inattendue : ${body.query}`)
    const call: FakeCall = {
      field,
      query: body.query,
      variables: body.variables ?? {},
      authorization: new Headers(init?.headers).get('Authorization'),
    }
    calls.push(call)
    let handler: FakeHandler | FakeHandler[] = handlers[field]
    if (handler === undefined) {
      if (field === 'apiVersion') handler = { data: { apiVersion: '0.1.0' } }
      else throw new Error(`aucune réponse prévue pour ${field}`)
    }
    if (Array.isArray(handler)) {
      const index = Math.min(served[field] ?? 0, handler.length - 1)
      served[field] = (served[field] ?? 0) + 1
      handler = handler[index]
    }
    const payload = typeof handler === 'function' ? (handler as (c: FakeCall) => unknown)(call) : handler
    return jsonResponse(payload)
  })
  vi.stubGlobal('fetch', fetchMock)
  return { calls, fetchMock, callsTo: (field: string) => calls.filter((c) => c.field === field) }
}

export const ME = (role: string, tenantName = 'GHT Alpha (démonstration)', staffId: string | null = null) => ({
  data: {
    me: {
      userId: '712b5291-8bde-45a9-a2a8-d0d15691a84f',
      role,
      tenantSlug: 'alpha',
      tenantName,
      staffId,
      homeUnitId: staffId ? 'u1' : null,
    },
  },
})
