import { fireEvent, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { STAFF } from '../fixtures.ts'
import { IndicatorsPanel } from './IndicatorsPanel.tsx'
import { renderLoggedIn } from './testSession.tsx'

beforeEach(() => sessionStorage.clear())

const WITH_UUID = [...STAFF, { ...STAFF[1], id: '0000000b-0000-4000-8000-000000000000' }]

describe('IndicatorsPanel', () => {
  it('montre les indicateurs de la version et les explications en français', async () => {
    const api = await renderLoggedIn(<IndicatorsPanel rosterId="r1" version={3} staff={WITH_UUID} />, {
      rosterScore: {
        data: {
          rosterScore: {
            rosterId: 'r1', version: 3, from: '2026-12-01', to: '2026-12-07', coverageRate: 0.925, belowMinimum: 2,
            desiderataRate: 0.8, overtimeMinutes: 90, nightsGini: 0.125, weekendsGini: 0.3, refusedWishesGini: 0,
            changesAgainstPublished: 4, hardViolations: 1, softCost: 1200,
          },
        },
      },
      rosterExplanations: {
        data: {
          rosterExplanations: {
            version: 3,
            uncovered: [{ day: 2, shift: 'N', text: 'Nuit du 3 : 0 présent pour 1 minimum ; possible pour 0000000b-0000-4000-8000-000000000000 (voir les coûts)' }],
            refusedWishes: [{ staff: 'a', day: 1, text: 'repos souhaité le 2 refusé : la couverture du matin tomberait sous le minimum.' }],
            assignments: [],
            conflict: null,
          },
        },
      },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Calculer les indicateurs' }))
    expect(await screen.findByText('92.5 % (2 besoins sous le minimum)')).toBeInTheDocument()
    expect(screen.getByText('80 %')).toBeInTheDocument()
    expect(screen.getByText('nuits 0,13 · week-ends 0,30 · souhaits refusés 0,00')).toBeInTheDocument()
    expect(screen.getByText('1.5 h')).toBeInTheDocument()
    expect(screen.getByText('4')).toBeInTheDocument()
    expect(await screen.findByText('Nuit du 3 : 0 présent pour 1 minimum ; possible pour DURAND Bruno (voir les coûts)')).toBeInTheDocument()
    expect(screen.getByText(/MARTIN Alice : repos souhaité le 2 refusé/)).toBeInTheDocument()
    expect(api.callsTo('rosterScore')[0].variables).toEqual({ rosterId: 'r1', version: 3 })
  })

  it('affiche l’erreur du serveur', async () => {
    await renderLoggedIn(<IndicatorsPanel rosterId="r1" version={3} staff={STAFF} />, {
      rosterScore: { data: null, errors: [{ message: 'hors périmètre', extensions: { code: 'FORBIDDEN' } }] },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Calculer les indicateurs' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Action non autorisée')
  })
})
