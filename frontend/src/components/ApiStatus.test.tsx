import { fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { deferred, jsonResponse, textResponse } from '../test/http.ts'
import { ApiStatus } from './ApiStatus.tsx'

const fetchMock = vi.fn<typeof fetch>()

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})

describe('ApiStatus', () => {
  it("affiche le chargement puis « API connectée » avec la version renvoyée par le serveur", async () => {
    const pending = deferred<Response>()
    fetchMock.mockReturnValueOnce(pending.promise)

    render(<ApiStatus />)

    const status = screen.getByRole('status')
    expect(status).toHaveTextContent("Connexion à l'API…")
    expect(status).toHaveAttribute('data-state', 'loading')
    expect(screen.getByRole('region', { name: 'État du service' })).toHaveAttribute('aria-busy', 'true')

    pending.resolve(jsonResponse({ data: { apiVersion: '0.1.0' } }))

    expect(await screen.findByText('API connectée — version 0.1.0')).toBe(status)
    expect(status).toHaveAttribute('data-state', 'ok')
    expect(screen.getByRole('region', { name: 'État du service' })).toHaveAttribute('aria-busy', 'false')
    expect(screen.queryByRole('button', { name: 'Réessayer' })).not.toBeInTheDocument()

    // Contrat avec le backend : POST /graphql, JSON, requête `{ apiVersion }`.
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/graphql')
    expect(init?.method).toBe('POST')
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json')
    expect(JSON.parse(String(init?.body))).toEqual({ query: '{ apiVersion }' })
  })

  it('affiche le message français et le code du serveur quand la réponse contient des erreurs', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse({
        data: null,
        errors: [
          { message: 'Accès refusé pour ce groupement hospitalier', extensions: { code: 'FORBIDDEN' } },
          { message: 'seconde erreur ignorée', extensions: { code: 'OTHER' } },
        ],
      }),
    )

    render(<ApiStatus />)

    const status = screen.getByRole('status')
    expect(await screen.findByText(/API injoignable/)).toBe(status)
    expect(status).toHaveTextContent('API injoignable : Accès refusé pour ce groupement hospitalier (code : FORBIDDEN)')
    expect(status).toHaveAttribute('data-state', 'error')
    expect(status).not.toHaveTextContent('seconde erreur')
    expect(status).not.toHaveTextContent('API connectée')
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeInTheDocument()
  })

  it('signale une panne réseau en français et permet de réessayer', async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(jsonResponse({ data: { apiVersion: '0.1.0' } }))

    render(<ApiStatus />)

    const status = screen.getByRole('status')
    expect(await screen.findByText(/API injoignable/)).toBe(status)
    expect(status).toHaveTextContent('API injoignable : le serveur ne répond pas (code : NETWORK_ERROR)')
    // Le message technique anglais du navigateur n'est pas montré à l'utilisateur.
    expect(status).not.toHaveTextContent('Failed to fetch')

    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }))

    expect(await screen.findByText('API connectée — version 0.1.0')).toBe(status)
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it("signale une réponse HTTP en erreur qui n'est pas du GraphQL", async () => {
    fetchMock.mockResolvedValueOnce(textResponse('<html>Bad Gateway</html>', 502))

    render(<ApiStatus />)

    // findByRole('status') répondrait dès l'état « Connexion à l'API… » : on attend l'erreur.
    expect(await screen.findByText(/API injoignable/)).toHaveTextContent(
      'API injoignable : réponse HTTP 502 du serveur (code : HTTP_ERROR)',
    )
  })
})
