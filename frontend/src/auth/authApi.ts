/** Requêtes GraphQL d'authentification (contrat du backend). */
import { GraphQLRequestError, INVALID_RESPONSE, graphqlRequest } from '../api/graphql.ts'
import { isRole, type Role } from './roles.ts'

export interface AuthPayload {
  accessToken: string
  /** Date ISO 8601 d'expiration du jeton d'accès (15 min). */
  accessExpiresAt: string
  refreshToken: string
  refreshExpiresAt: string
  role: Role
}

export interface Me {
  userId: string
  role: Role
  tenantSlug: string
  tenantName: string
}

const AUTH_FIELDS = 'accessToken accessExpiresAt refreshToken refreshExpiresAt role'

export const LOGIN_MUTATION = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { ${AUTH_FIELDS} }
}`

export const REFRESH_MUTATION = `mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { ${AUTH_FIELDS} }
}`

export const LOGOUT_MUTATION = `mutation Logout($refreshToken: String!) {
  logout(refreshToken: $refreshToken)
}`

export const ME_QUERY = '{ me { userId role tenantSlug tenantName } }'

function checkPayload(payload: AuthPayload | null | undefined): AuthPayload {
  if (
    !payload ||
    typeof payload.accessToken !== 'string' ||
    typeof payload.refreshToken !== 'string' ||
    Number.isNaN(Date.parse(payload.accessExpiresAt)) ||
    !isRole(payload.role)
  ) {
    throw new GraphQLRequestError('réponse de connexion incomplète', { code: INVALID_RESPONSE })
  }
  return payload
}

export async function loginRequest(email: string, password: string): Promise<AuthPayload> {
  const data = await graphqlRequest<{ login: AuthPayload }>(LOGIN_MUTATION, { email, password })
  return checkPayload(data.login)
}

export async function refreshRequest(refreshToken: string): Promise<AuthPayload> {
  const data = await graphqlRequest<{ refreshSession: AuthPayload }>(REFRESH_MUTATION, { refreshToken })
  return checkPayload(data.refreshSession)
}

export async function logoutRequest(refreshToken: string): Promise<void> {
  await graphqlRequest<{ logout: boolean }>(LOGOUT_MUTATION, { refreshToken })
}

export function checkMe(me: Me | null | undefined): Me {
  if (!me || typeof me.userId !== 'string' || typeof me.tenantName !== 'string' || !isRole(me.role)) {
    throw new GraphQLRequestError("réponse « me » incomplète", { code: INVALID_RESPONSE })
  }
  return me
}
