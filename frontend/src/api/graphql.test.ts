import { beforeEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse, textResponse } from '../test/http.ts'
import {
  GraphQLRequestError,
  HTTP_ERROR,
  INVALID_RESPONSE,
  NETWORK_ERROR,
  UNKNOWN_GRAPHQL_ERROR,
  graphqlRequest,
} from './graphql.ts'

const fetchMock = vi.fn<typeof fetch>()

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("la promesse aurait dû être rejetée")
}

describe('graphqlRequest', () => {
  it('envoie { query, variables } en POST JSON et renvoie data', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ data: { service: { nom: 'Urgences' } } }))

    const data = await graphqlRequest<{ service: { nom: string } }>(
      'query Service($id: ID!) { service(id: $id) { nom } }',
      { id: 's-42' },
    )

    expect(data).toEqual({ service: { nom: 'Urgences' } })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/graphql')
    expect(init?.method).toBe('POST')
    expect(JSON.parse(String(init?.body))).toEqual({
      query: 'query Service($id: ID!) { service(id: $id) { nom } }',
      variables: { id: 's-42' },
    })
  })

  it("lève une GraphQLRequestError portant extensions.code et le message de errors[0]", async () => {
    const errors = [
      { message: 'Planning verrouillé par un autre cadre', extensions: { code: 'ROSTER_LOCKED' }, path: ['publier'] },
      { message: 'autre', extensions: { code: 'OTHER' } },
    ]
    fetchMock.mockResolvedValueOnce(jsonResponse({ data: null, errors }))

    const error = await rejection(graphqlRequest('mutation { publier }'))

    expect(error).toBeInstanceOf(GraphQLRequestError)
    const e = error as GraphQLRequestError
    expect(e.code).toBe('ROSTER_LOCKED')
    expect(e.message).toBe('Planning verrouillé par un autre cadre')
    expect(e.status).toBe(200)
    expect(e.errors).toEqual(errors)
  })

  it('lit le corps { errors } même quand le statut HTTP est 400', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse({ errors: [{ message: 'Requête invalide', extensions: { code: 'BAD_USER_INPUT' } }] }, 400),
    )

    const e = (await rejection(graphqlRequest('{ x }'))) as GraphQLRequestError

    expect(e.code).toBe('BAD_USER_INPUT')
    expect(e.status).toBe(400)
    expect(e.message).toBe('Requête invalide')
  })

  it("utilise un code générique quand le serveur n'en donne pas", async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse({ errors: [{ message: 'Erreur interne' }] }))

    const e = (await rejection(graphqlRequest('{ x }'))) as GraphQLRequestError

    expect(e.code).toBe(UNKNOWN_GRAPHQL_ERROR)
    expect(e.message).toBe('Erreur interne')
  })

  it('distingue panne réseau, erreur HTTP et réponse invalide', async () => {
    const cause = new TypeError('Failed to fetch')
    fetchMock
      .mockRejectedValueOnce(cause)
      .mockResolvedValueOnce(textResponse('Service Unavailable', 503))
      .mockResolvedValueOnce(textResponse('pas du JSON', 200))
      .mockResolvedValueOnce(jsonResponse({ autre: true }))

    const network = (await rejection(graphqlRequest('{ x }'))) as GraphQLRequestError
    expect(network.code).toBe(NETWORK_ERROR)
    expect(network.status).toBeNull()
    expect(network.message).toBe('le serveur ne répond pas')
    expect(network.cause).toBe(cause)

    const http = (await rejection(graphqlRequest('{ x }'))) as GraphQLRequestError
    expect(http.code).toBe(HTTP_ERROR)
    expect(http.status).toBe(503)
    expect(http.message).toBe('réponse HTTP 503 du serveur')

    const garbage = (await rejection(graphqlRequest('{ x }'))) as GraphQLRequestError
    expect(garbage.code).toBe(INVALID_RESPONSE)

    const noData = (await rejection(graphqlRequest('{ x }'))) as GraphQLRequestError
    expect(noData.code).toBe(INVALID_RESPONSE)
  })

  it("laisse passer l'AbortError d'une requête annulée", async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError')
    fetchMock.mockRejectedValueOnce(abort)

    const error = await rejection(graphqlRequest('{ x }', undefined, { signal: AbortSignal.abort() }))

    expect(error).toBe(abort)
    expect(error).not.toBeInstanceOf(GraphQLRequestError)
  })
})
