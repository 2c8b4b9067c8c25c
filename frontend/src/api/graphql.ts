/**
 * Petit client GraphQL pour le backend Relève (`POST /graphql`).
 *
 * - envoie `{ query, variables }` en JSON ;
 * - renvoie `data` quand la réponse ne contient pas d'erreur ;
 * - sinon lève une {@link GraphQLRequestError} qui porte le code
 *   (`errors[0].extensions.code` côté serveur) et le message français
 *   (`errors[0].message`) renvoyés par le serveur.
 *
 * Les erreurs qui ne viennent pas du serveur GraphQL reçoivent un code local :
 * {@link NETWORK_ERROR}, {@link HTTP_ERROR}, {@link INVALID_RESPONSE} ou
 * {@link UNKNOWN_GRAPHQL_ERROR}. Une requête annulée (AbortSignal) rejette avec
 * l'`AbortError` d'origine, que l'appelant peut ignorer.
 */

export const GRAPHQL_ENDPOINT = '/graphql'

/** Le serveur n'a pas pu être joint (fetch a échoué). */
export const NETWORK_ERROR = 'NETWORK_ERROR'
/** Réponse HTTP en erreur sans corps GraphQL exploitable. */
export const HTTP_ERROR = 'HTTP_ERROR'
/** Réponse reçue mais qui n'est pas une réponse GraphQL valide. */
export const INVALID_RESPONSE = 'INVALID_RESPONSE'
/** Erreur GraphQL du serveur sans `extensions.code`. */
export const UNKNOWN_GRAPHQL_ERROR = 'GRAPHQL_ERROR'

export interface GraphQLErrorLocation {
  line: number
  column: number
}

/** Une entrée du tableau `errors` d'une réponse GraphQL. */
export interface GraphQLErrorPayload {
  message: string
  locations?: GraphQLErrorLocation[]
  path?: (string | number)[]
  extensions?: { code?: string; [key: string]: unknown }
}

export interface GraphQLResponse<TData> {
  data?: TData | null
  errors?: GraphQLErrorPayload[]
}

export type GraphQLVariables = Record<string, unknown>

export interface GraphQLRequestOptions {
  signal?: AbortSignal
  /** Point d'entrée, `/graphql` par défaut (même origine, ou proxy Vite en dev). */
  endpoint?: string
  /** En-têtes supplémentaires (authentification, locataire…). */
  headers?: Record<string, string>
}

export interface GraphQLRequestErrorInit {
  code: string
  status?: number | null
  errors?: readonly GraphQLErrorPayload[]
  cause?: unknown
}

/** Erreur typée levée par {@link graphqlRequest}. */
export class GraphQLRequestError extends Error {
  /** `extensions.code` du serveur, ou un code local (voir les constantes). */
  readonly code: string
  /** Statut HTTP, ou `null` si aucune réponse n'a été reçue. */
  readonly status: number | null
  /** Toutes les erreurs renvoyées par le serveur (vide pour une erreur locale). */
  readonly errors: readonly GraphQLErrorPayload[]

  constructor(message: string, init: GraphQLRequestErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause })
    this.name = 'GraphQLRequestError'
    this.code = init.code
    this.status = init.status ?? null
    this.errors = init.errors ?? []
  }
}

export function isGraphQLRequestError(error: unknown): error is GraphQLRequestError {
  return error instanceof GraphQLRequestError
}

function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error as { name: unknown }).name === 'AbortError'
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function firstErrorToException(errors: GraphQLErrorPayload[], status: number): GraphQLRequestError {
  const first = errors[0]
  const message =
    typeof first?.message === 'string' && first.message.trim() !== ''
      ? first.message
      : 'erreur inconnue renvoyée par le serveur'
  const code =
    typeof first?.extensions?.code === 'string' && first.extensions.code !== ''
      ? first.extensions.code
      : UNKNOWN_GRAPHQL_ERROR
  return new GraphQLRequestError(message, { code, status, errors })
}

/**
 * Envoie une requête GraphQL et renvoie `data`.
 * Lève {@link GraphQLRequestError} en cas d'erreur réseau, HTTP ou GraphQL.
 */
export async function graphqlRequest<TData, TVariables extends GraphQLVariables = GraphQLVariables>(
  query: string,
  variables?: TVariables,
  options: GraphQLRequestOptions = {},
): Promise<TData> {
  const body: { query: string; variables?: TVariables } = { query }
  if (variables !== undefined) body.variables = variables

  let response: Response
  try {
    response = await fetch(options.endpoint ?? GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        ...options.headers,
      },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (error) {
    if (isAbortError(error)) throw error
    throw new GraphQLRequestError('le serveur ne répond pas', { code: NETWORK_ERROR, cause: error })
  }

  let payload: unknown
  try {
    payload = await response.json()
  } catch (error) {
    if (isAbortError(error)) throw error
    if (!response.ok) {
      throw new GraphQLRequestError(`réponse HTTP ${response.status} du serveur`, {
        code: HTTP_ERROR,
        status: response.status,
        cause: error,
      })
    }
    throw new GraphQLRequestError('réponse illisible du serveur', {
      code: INVALID_RESPONSE,
      status: response.status,
      cause: error,
    })
  }

  // Un serveur GraphQL peut répondre 4xx/5xx avec un corps `{ errors }` : on le lit d'abord.
  if (isRecord(payload) && Array.isArray(payload.errors) && payload.errors.length > 0) {
    throw firstErrorToException(payload.errors as GraphQLErrorPayload[], response.status)
  }

  if (!response.ok) {
    throw new GraphQLRequestError(`réponse HTTP ${response.status} du serveur`, {
      code: HTTP_ERROR,
      status: response.status,
    })
  }

  if (!isRecord(payload) || !isRecord(payload.data)) {
    throw new GraphQLRequestError('réponse GraphQL sans données', {
      code: INVALID_RESPONSE,
      status: response.status,
    })
  }

  return payload.data as TData
}
