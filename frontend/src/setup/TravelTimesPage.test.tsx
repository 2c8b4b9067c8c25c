import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { TravelTimesPage, minutesText } from './TravelTimesPage.tsx'

const SITES = {
  data: {
    establishments: {
      nodes: [
        { id: 'e1', finess: '590000001', name: 'CH Nord' },
        { id: 'e2', finess: '590000002', name: 'CH Sud' },
      ],
    },
  },
}

beforeEach(() => sessionStorage.clear())

async function renderPage(role: string, handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const api = installFakeApi({ login: AUTH('t', 'r', role), me: ME(role), establishments: SITES, ...handlers })
  const manager = new SessionManager()
  await manager.login('admin@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <TravelTimesPage />
    </SessionProvider>,
  )
  return api
}

describe('TravelTimesPage', () => {
  it('affiche la matrice des établissements ; seule l’administration du GHT la modifie', async () => {
    expect(minutesText(45)).toBe('45 min')
    expect(minutesText(90)).toBe('1 h 30')
    await renderPage('site_manager', {
      travelTimes: { data: { travelTimes: [{ fromSiteId: 'e1', toSiteId: 'e2', minutes: 35 }, { fromSiteId: 'e2', toSiteId: 'e1', minutes: 35 }] } },
    })
    const table = await screen.findByRole('table', { name: /Temps de trajet/ })
    expect(within(table).getByRole('row', { name: /^CH Nord/ })).toHaveTextContent('CH Nord—35 min')
    expect(screen.getByText('Seule l’administration du GHT modifie les temps de trajet.')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Renseigner un trajet' })).not.toBeInTheDocument()
  })

  it('renseigne un trajet : contrôles locaux, puis la matrice relue', async () => {
    const api = await renderPage('ght_admin', {
      travelTimes: [
        { data: { travelTimes: [] } },
        { data: { travelTimes: [{ fromSiteId: 'e1', toSiteId: 'e2', minutes: 40 }, { fromSiteId: 'e2', toSiteId: 'e1', minutes: 40 }] } },
      ],
      setTravelTime: { data: { setTravelTime: { fromSiteId: 'e1', toSiteId: 'e2', minutes: 40 } } },
    })
    expect(await screen.findByText('Aucun temps de trajet renseigné : le moteur n’en compte aucun entre les sites.')).toBeInTheDocument()
    const form = screen.getByRole('region', { name: 'Renseigner un trajet' })
    fireEvent.change(within(form).getByLabelText('Vers'), { target: { value: 'e1' } })
    fireEvent.change(within(form).getByLabelText('Durée (minutes)'), { target: { value: '700' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le trajet' }))
    expect(within(form).getByText('Choisissez deux établissements différents.')).toBeInTheDocument()
    expect(within(form).getByText('Un nombre entier de minutes, de 0 à 600.')).toBeInTheDocument()
    expect(within(form).getByLabelText('Vers')).toHaveFocus()
    expect(api.callsTo('setTravelTime')).toHaveLength(0)
    fireEvent.change(within(form).getByLabelText('Vers'), { target: { value: 'e2' } })
    fireEvent.change(within(form).getByLabelText('Durée (minutes)'), { target: { value: '40' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le trajet' }))
    expect(await screen.findByText('Trajet CH Nord ↔ CH Sud : 40 min.')).toBeInTheDocument()
    expect(api.callsTo('setTravelTime')[0].variables).toEqual({ fromSiteId: 'e1', toSiteId: 'e2', minutes: 40 })
    // The matrix is read again after the save: wait for the new value, not just for the row.
    await waitFor(() =>
      expect(screen.getByRole('row', { name: /^CH Sud/ })).toHaveTextContent('CH Sud40 min—'),
    )
  })
})
