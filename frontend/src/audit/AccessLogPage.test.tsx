import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { AccessLogPage } from './AccessLogPage.tsx'
import type { AccessLogEntry, AccessLogVerification } from './accessLogApi.ts'

const DPO = '712b5291-8bde-45a9-a2a8-d0d15691a84f'
const PERSON = '0bb82b62-5412-4bac-8775-4ff0a39082d0'

function entry(seq: number, overrides: Partial<AccessLogEntry> = {}): AccessLogEntry {
  return {
    seq,
    at: '2026-11-22T10:15:30Z',
    actorId: DPO,
    actorRole: 'auditor',
    operation: 'read',
    objectType: 'staff',
    objectIds: [PERSON],
    purpose: 'audit',
    ...overrides,
  }
}

const verification = (overrides: Partial<AccessLogVerification>) => ({
  data: {
    verifyAccessLog: {
      intact: true,
      entryCount: 7,
      lastSeq: 7,
      checkpointsVerified: 1,
      unanchoredEntries: 0,
      breakKind: null,
      breakSeq: null,
      message: 'Journal intègre : 7 entrées, 1 points de contrôle signés vérifiés.',
      ...overrides,
    },
  },
})

beforeEach(() => {
  sessionStorage.clear()
})

async function renderPage(handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const api = installFakeApi({ login: AUTH('jeton-dpo', 'r1', 'auditor'), me: ME('auditor'), ...handlers })
  const manager = new SessionManager()
  await manager.login('dpo@alpha.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <AccessLogPage />
    </SessionProvider>,
  )
  return api
}

describe('AccessLogPage', () => {
  it('affiche les entrées en français (date, rôle, opération, objet, finalité)', async () => {
    const api = await renderPage({
      accessLog: {
        data: {
          accessLog: [
            entry(3, { operation: 'export', purpose: 'planning' }),
            entry(2, { operation: 'update', actorRole: 'unit_manager' }),
            entry(1, {
              operation: 'create',
              actorId: '00000000-0000-0000-0000-000000000000',
              actorRole: 'system',
              objectType: 'app_user',
              purpose: 'account_management',
            }),
          ],
        },
      },
    })

    expect(screen.getByText('Chargement du journal…')).toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'Entrées n° 3 à 1, les plus récentes d’abord' })
    const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent)
    expect(headers).toEqual(['N°', 'Date', 'Auteur (id)', 'Rôle', 'Opération', 'Objet', 'Finalité'])
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)
    const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((td) => td.textContent)
    expect(cells(rows[0])).toEqual([
      '3',
      expect.stringMatching(/^22\/11\/2026 \d\d:\d\d:30$/),
      DPO,
      'DPO',
      'Export',
      `Agent${PERSON}`,
      'Planification',
    ])
    expect(cells(rows[1])[3]).toBe('Cadre de santé')
    expect(cells(rows[1])[4]).toBe('Modification')
    expect(cells(rows[2]).slice(2, 5)).toEqual(['Système', 'Système', 'Création'])
    expect(cells(rows[2])[6]).toBe('Gestion des comptes')

    const call = api.callsTo('accessLog')[0]
    expect(call.authorization).toBe('Bearer jeton-dpo')
    expect(call.variables).toEqual({ first: 50 })
    // Moins d'une page : pas de page plus ancienne.
    expect(screen.queryByRole('button', { name: 'Plus ancien' })).not.toBeInTheDocument()
  })

  it('indique un journal vide', async () => {
    await renderPage({ accessLog: { data: { accessLog: [] } } })
    expect(await screen.findByText('Le journal ne contient aucune entrée.')).toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('filtre par auteur, objet et période, et pagine avec beforeSeq', async () => {
    const fullPage = Array.from({ length: 50 }, (_, i) => entry(120 - i))
    const api = await renderPage({
      accessLog: [{ data: { accessLog: fullPage } }, { data: { accessLog: fullPage } }, { data: { accessLog: [entry(70)] } }],
    })
    await screen.findByRole('table')

    fireEvent.change(screen.getByLabelText('Auteur (identifiant)'), { target: { value: 'pas-un-uuid' } })
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher' }))
    const actorField = screen.getByLabelText('Auteur (identifiant)')
    expect(actorField).toHaveAttribute('aria-invalid', 'true')
    expect(actorField).toHaveAccessibleDescription(/Identifiant invalide/)
    expect(actorField).toHaveFocus()
    expect(api.callsTo('accessLog')).toHaveLength(1)

    fireEvent.change(actorField, { target: { value: DPO.toUpperCase() } })
    fireEvent.change(screen.getByLabelText('Objet ou personne (identifiant)'), { target: { value: PERSON } })
    fireEvent.change(screen.getByLabelText('Période du'), { target: { value: '2026-11-01' } })
    fireEvent.change(screen.getByLabelText('au'), { target: { value: '2026-11-22' } })
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher' }))
    await screen.findByRole('heading', { name: 'Entrées correspondant aux filtres' })
    await screen.findByRole('table')

    const filtered = api.callsTo('accessLog')[1].variables
    expect(filtered).toMatchObject({ actorId: DPO, objectId: PERSON, first: 50 })
    expect(new Date(String(filtered.from)).getTime()).toBe(new Date(2026, 10, 1).getTime())
    // « au 22/11 » inclut toute la journée : borne exclue au 23/11 à minuit.
    expect(new Date(String(filtered.to)).getTime()).toBe(new Date(2026, 10, 23).getTime())

    fireEvent.click(screen.getByRole('button', { name: 'Plus ancien' }))
    expect(await screen.findByRole('table', { name: /Entrées n° 70 à 70/ })).toBeInTheDocument()
    expect(api.callsTo('accessLog')[2].variables).toMatchObject({ beforeSeq: 71, actorId: DPO })
    expect(screen.getByRole('heading', { name: /page 2/ })).toHaveFocus()
    expect(screen.getByRole('button', { name: 'Plus récent' })).toBeInTheDocument()
  })

  it('montre en vert un journal intègre', async () => {
    await renderPage({
      accessLog: { data: { accessLog: [entry(1)] } },
      verifyAccessLog: verification({ unanchoredEntries: 2, entryCount: 9 }),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Vérifier l’intégrité' }))

    const result = await screen.findByText('Journal intègre')
    const box = result.closest('.notice')
    expect(box).toHaveClass('notice--ok')
    expect(box).toHaveTextContent('Journal intègre — 9 entrées vérifiées, 1 point de contrôle signé vérifié.')
    expect(box).toHaveTextContent('2 entrées postérieures au dernier point de contrôle')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('montre en rouge la rupture de chaîne, sa nature en français et le numéro d’entrée', async () => {
    await renderPage({
      accessLog: { data: { accessLog: [entry(1)] } },
      verifyAccessLog: verification({
        intact: false,
        entryCount: 0,
        lastSeq: 0,
        checkpointsVerified: 0,
        breakKind: 'deleted',
        breakSeq: 12,
        message: "entrée n° 12 : l'entrée a été supprimée",
      }),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Vérifier l’intégrité' }))

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Journal altéré : entrée supprimée (entrée n° 12).')
    expect(alert.querySelector('.notice')).toHaveClass('notice--error')
    expect(screen.queryByText('Journal intègre')).not.toBeInTheDocument()
  })

  it('signe un point de contrôle', async () => {
    const api = await renderPage({
      accessLog: { data: { accessLog: [entry(1)] } },
      signAccessLogCheckpoint: [{ data: { signAccessLogCheckpoint: 42 } }, { data: { signAccessLogCheckpoint: null } }],
    })
    const button = screen.getByRole('button', { name: 'Signer un point de contrôle' })
    fireEvent.click(button)
    expect(await screen.findByText('Point de contrôle signé jusqu’à l’entrée n° 42.')).toBeInTheDocument()
    fireEvent.click(button)
    expect(await screen.findByText(/Aucune nouvelle entrée à signer/)).toBeInTheDocument()
    expect(api.callsTo('signAccessLogCheckpoint')).toHaveLength(2)
  })

  it('affiche le message français d’une erreur du serveur', async () => {
    await renderPage({
      accessLog: { data: null, errors: [{ message: 'réservé au rôle auditeur (DPO)', extensions: { code: 'FORBIDDEN' } }] },
    })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Impossible de charger le journal : Action non autorisée pour votre rôle ou votre périmètre. Réservé au rôle auditeur (DPO).',
    )
  })
})

describe('AccessLogPage — choix d’une personne par son nom', () => {
  it('cherche par nom de famille, reporte l’agent ou son compte dans les filtres, puis recherche', async () => {
    const api = await renderPage({
      accessLog: { data: { accessLog: [entry(3)] } },
      staffMembers: [
        { data: { staffMembers: { nodes: [] } } },
        {
          data: {
            staffMembers: {
              nodes: [{ id: PERSON, userId: DPO, firstName: 'Alice', lastName: 'Martin', profession: 'IDE' }],
            },
          },
        },
      ],
    })
    await screen.findByRole('table')
    fireEvent.click(screen.getByRole('button', { name: 'Chercher la personne' }))
    expect(screen.getByText('Indiquez le nom de famille.')).toBeInTheDocument()
    expect(api.callsTo('staffMembers')).toHaveLength(0)

    fireEvent.change(screen.getByLabelText('Nom de famille de la personne'), { target: { value: 'Dupont' } })
    fireEvent.click(screen.getByRole('button', { name: 'Chercher la personne' }))
    expect(await screen.findByText('Aucune personne nommée « Dupont » dans le GHT.')).toBeInTheDocument()

    fireEvent.change(screen.getByLabelText('Nom de famille de la personne'), { target: { value: 'MARTIN' } })
    fireEvent.click(screen.getByRole('button', { name: 'Chercher la personne' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Accès à ses données — Alice Martin' }))
    const objectField = screen.getByLabelText('Objet ou personne (identifiant)')
    expect(objectField).toHaveValue(PERSON)
    expect(objectField).toHaveFocus()
    expect(objectField).toHaveAccessibleDescription('Agent : Alice Martin (sa fiche et son compte)')
    fireEvent.click(screen.getByRole('button', { name: 'Accès qu’elle a faits — Alice Martin' }))
    expect(screen.getByLabelText('Auteur (identifiant)')).toHaveValue(DPO)
    expect(api.callsTo('staffMembers')[1].variables).toEqual({ lastName: 'MARTIN' })

    // Her data under both ids: the staff record's and the account's events.
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher' }))
    await screen.findByRole('heading', { name: 'Entrées correspondant aux filtres' })
    const both = api.callsTo('accessLog').at(-1)?.variables
    expect(both).toMatchObject({ objectIds: [PERSON, DPO], actorId: DPO })
    expect(both).not.toHaveProperty('objectId')

    // An id typed by hand is searched alone.
    const typed = '0b7f6c52-8f1e-4a43-9d7e-2f4c1a9b3e11'
    const typedField = screen.getByLabelText('Objet ou personne (identifiant)')
    fireEvent.change(typedField, { target: { value: typed } })
    expect(typedField).toHaveValue(typed)
    expect(typedField).not.toHaveAccessibleDescription(/Alice Martin/)
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher' }))
    await waitFor(() => expect(api.callsTo('accessLog').at(-1)?.variables).toMatchObject({ objectId: typed }))
    expect(api.callsTo('accessLog').at(-1)?.variables).not.toHaveProperty('objectIds')
  })
})
