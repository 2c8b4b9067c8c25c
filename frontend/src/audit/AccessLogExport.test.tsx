import { fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, installFakeApi } from '../test/fakeApi.ts'
import { AccessLogExport } from './AccessLogExport.tsx'
import type { AccessLogEntry } from './accessLogApi.ts'
import { entriesToCsv, entriesToJson, fetchAllEntries } from './accessLogExport.ts'

const PERSON = '0bb82b62-5412-4bac-8775-4ff0a39082d0'
const ACTOR = '712b5291-8bde-45a9-a2a8-d0d15691a84f'

const entry = (seq: number, overrides: Partial<AccessLogEntry> = {}): AccessLogEntry => ({
  seq,
  at: '2026-11-22T10:15:30Z',
  actorId: ACTOR,
  actorRole: 'unit_manager',
  operation: 'read',
  objectType: 'staff',
  objectIds: [PERSON],
  purpose: 'planning',
  ...overrides,
})

describe('export du journal des accès', () => {
  it('écrit un CSV à points-virgules, en-tête français, sans formule exécutable', () => {
    const csv = entriesToCsv([entry(3), entry(2, { purpose: '=HYPERLINK("x")', objectIds: [PERSON, ACTOR] })])
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe("n°;date;auteur;rôle;opération;type d'objet;objets;finalité")
    expect(lines[1]).toBe(`3;2026-11-22T10:15:30Z;${ACTOR};unit_manager;read;staff;${PERSON};planning`)
    // Une valeur qui commence par « = » est neutralisée et les guillemets doublés.
    expect(lines[2]).toBe(`2;2026-11-22T10:15:30Z;${ACTOR};unit_manager;read;staff;${PERSON} ${ACTOR};"'=HYPERLINK(""x"")"`)
  })

  it('écrit un JSON avec les filtres et le nombre d’entrées', () => {
    const json = JSON.parse(entriesToJson([entry(1)], { objectId: PERSON }, new Date('2026-11-22T12:00:00Z')))
    expect(json).toEqual({ exportedAt: '2026-11-22T12:00:00.000Z', filter: { objectId: PERSON }, count: 1, entries: [entry(1)] })
  })

  it('lit toutes les pages des filtres (200 par page, en remontant par beforeSeq)', async () => {
    const calls: Record<string, unknown>[] = []
    const full = Array.from({ length: 200 }, (_, i) => entry(450 - i))
    const request = vi.fn(async (_query: string, variables: Record<string, unknown>) => {
      calls.push(variables)
      return { accessLog: calls.length === 1 ? full : [entry(5), entry(4)] }
    }) as unknown as <T>(query: string, variables: Record<string, unknown>) => Promise<T>
    const { entries, truncated } = await fetchAllEntries(request, { actorId: ACTOR })
    expect(entries).toHaveLength(202)
    expect(truncated).toBe(false)
    expect(calls).toEqual([
      { actorId: ACTOR, first: 200 },
      { actorId: ACTOR, first: 200, beforeSeq: 251 },
    ])
  })
})

describe('AccessLogExport', () => {
  const created: Blob[] = []
  beforeEach(() => {
    sessionStorage.clear()
    created.length = 0
    vi.stubGlobal('URL', Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        created.push(blob)
        return 'blob:export'
      }),
      revokeObjectURL: vi.fn(),
    }))
  })
  afterEach(() => vi.unstubAllGlobals())

  it('télécharge la recherche courante en CSV et annonce le nombre d’entrées', async () => {
    const api = installFakeApi({
      login: AUTH('jeton-dpo', 'r1', 'auditor'),
      me: ME('auditor'),
      accessLog: { data: { accessLog: [entry(2), entry(1)] } },
    })
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const manager = new SessionManager()
    await manager.login('dpo@alpha.demo', 'releve-demo')
    render(
      <SessionProvider manager={manager}>
        <AccessLogExport filter={{ objectId: PERSON }} />
      </SessionProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Exporter en CSV' }))
    expect(await screen.findByText(/2 entrées exportées dans journal-des-acces-\d{4}-\d{2}-\d{2}\.csv/)).toBeInTheDocument()
    expect(api.callsTo('accessLog')[0].variables).toEqual({ objectId: PERSON, first: 200 })
    expect(clicked).toHaveBeenCalledOnce()
    expect(created).toHaveLength(1)
    expect(created[0].type).toBe('text/csv;charset=utf-8')
    const text = await created[0].text()
    expect(text).toContain(`2;2026-11-22T10:15:30Z;${ACTOR}`)
  })

  it('affiche l’erreur du serveur en français', async () => {
    installFakeApi({
      login: AUTH('jeton-dpo', 'r1', 'auditor'),
      me: ME('auditor'),
      accessLog: { data: null, errors: [{ message: 'réservé au rôle auditeur (DPO)', extensions: { code: 'FORBIDDEN' } }] },
    })
    const manager = new SessionManager()
    await manager.login('dpo@alpha.demo', 'releve-demo')
    render(
      <SessionProvider manager={manager}>
        <AccessLogExport filter={{}} />
      </SessionProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Exporter en JSON' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Export impossible : Action non autorisée pour votre rôle ou votre périmètre. Réservé au rôle auditeur (DPO).')
  })
})
