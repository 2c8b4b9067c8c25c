import { GraphQLRequestError, INVALID_RESPONSE, graphqlRequest } from './graphql.ts'

/** Requête exacte attendue par le backend (contrat : `{"data":{"apiVersion":"0.1.0"}}`). */
export const API_VERSION_QUERY = '{ apiVersion }'

export interface ApiVersionData {
  apiVersion: string
}

/** Renvoie la version de l'API GraphQL du backend. */
export async function fetchApiVersion(signal?: AbortSignal): Promise<string> {
  const data = await graphqlRequest<ApiVersionData>(API_VERSION_QUERY, undefined, { signal })
  if (typeof data.apiVersion !== 'string' || data.apiVersion === '') {
    throw new GraphQLRequestError("version de l'API absente de la réponse", { code: INVALID_RESPONSE })
  }
  return data.apiVersion
}
