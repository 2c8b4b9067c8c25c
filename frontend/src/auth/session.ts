/**
 * Session de l'utilisateur, hors de React.
 *
 * - le jeton d'accès reste en mémoire ; le jeton de rafraîchissement est aussi
 *   copié dans `sessionStorage` pour qu'un rechargement de la page garde la session
 *   (il disparaît à la fermeture de l'onglet) ;
 * - le jeton d'accès est renouvelé automatiquement un peu avant son expiration ;
 * - {@link SessionManager.request} envoie `Authorization: Bearer …` et, sur une
 *   réponse `UNAUTHENTICATED`, rafraîchit la session une fois puis rejoue la
 *   requête ; si cela échoue aussi, la session se termine (retour à la connexion).
 *
 * Chaque jeton de rafraîchissement ne sert qu'une fois (rotation côté serveur,
 * la réutilisation révoque la session) : les rafraîchissements simultanés sont
 * donc regroupés en un seul appel.
 */
import {
  GraphQLRequestError,
  graphqlRequest,
  isGraphQLRequestError,
  type GraphQLRequestOptions,
  type GraphQLVariables,
} from '../api/graphql.ts'
import {
  ME_QUERY,
  checkMe,
  loginRequest,
  logoutRequest,
  refreshRequest,
  type AuthPayload,
  type Me,
} from './authApi.ts'

export const REFRESH_TOKEN_KEY = 'releve.refreshToken'
/** Le jeton d'accès est renouvelé cette durée avant son expiration. */
export const REFRESH_MARGIN_MS = 60_000
/** Délai minimal avant un renouvellement programmé (borne les renouvellements si les horloges divergent). */
export const MIN_REFRESH_DELAY_MS = 30_000
/** Nouvel essai après un renouvellement qui a échoué pour une raison réseau. */
export const REFRESH_RETRY_MS = 15_000

export const UNAUTHENTICATED = 'UNAUTHENTICATED'

export type SessionState =
  | { status: 'restoring' }
  | { status: 'anonymous'; notice: string | null }
  | { status: 'authenticated'; user: Me }

interface Tokens {
  accessToken: string
  accessExpiresAt: number
  refreshToken: string
}

type RefreshOutcome = 'ok' | 'ended' | 'failed'

export interface SessionManagerOptions {
  storage?: Storage | null
}

/** Message affiché sur la page de connexion quand le serveur a mis fin à la session. */
export function sessionEndedNotice(serverMessage: string): string {
  const reason = serverMessage.trim().replace(/[.\s]+$/, '')
  const again = /reconnect/i.test(reason) ? '' : ' Veuillez vous reconnecter.'
  return `Votre session a pris fin : ${reason}.${again}`
}

function defaultStorage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

export class SessionManager {
  private state: SessionState
  private tokens: Tokens | null = null
  private readonly storage: Storage | null
  private readonly listeners = new Set<() => void>()
  private refreshTimer: ReturnType<typeof setTimeout> | null = null
  private refreshInFlight: Promise<RefreshOutcome> | null = null
  private restoreInFlight: Promise<void> | null = null
  /** Incrémenté à chaque fin de session : les réponses d'avant sont ignorées. */
  private generation = 0

  constructor(options: SessionManagerOptions = {}) {
    this.storage = options.storage === undefined ? defaultStorage() : options.storage
    this.state = this.storedRefreshToken() ? { status: 'restoring' } : { status: 'anonymous', notice: null }
  }

  // --- abonnement (useSyncExternalStore) ---

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getState = (): SessionState => this.state

  private setState(state: SessionState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }

  // --- cycle de vie ---

  /** Reprend la session enregistrée dans `sessionStorage` (après un rechargement). */
  restore(): Promise<void> {
    if (this.state.status !== 'restoring') return Promise.resolve()
    this.restoreInFlight ??= this.doRestore().finally(() => {
      this.restoreInFlight = null
    })
    return this.restoreInFlight
  }

  private async doRestore(): Promise<void> {
    const refreshToken = this.storedRefreshToken()
    if (!refreshToken) {
      this.setState({ status: 'anonymous', notice: null })
      return
    }
    this.tokens = { accessToken: '', accessExpiresAt: 0, refreshToken }
    const outcome = await this.refresh()
    if (outcome === 'ended') return
    if (outcome === 'failed') {
      // Serveur injoignable : on garde le jeton pour un prochain rechargement.
      this.clearTimer()
      this.tokens = null
      this.setState({
        status: 'anonymous',
        notice: 'Impossible de reprendre la session : le serveur ne répond pas. Reconnectez-vous.',
      })
      return
    }
    await this.loadUser(this.generation)
  }

  /** Connexion ; lève une {@link GraphQLRequestError} au message français en cas d'échec. */
  async login(email: string, password: string): Promise<void> {
    const generation = ++this.generation
    const payload = await loginRequest(email, password)
    if (generation !== this.generation) return
    this.acceptTokens(payload)
    await this.loadUser(generation, true)
  }

  private async loadUser(generation: number, rethrow = false): Promise<void> {
    try {
      const data = await this.request<{ me: Me }>(ME_QUERY)
      if (generation !== this.generation) return
      this.setState({ status: 'authenticated', user: checkMe(data.me) })
    } catch (error) {
      if (generation !== this.generation) return
      const message = isGraphQLRequestError(error) ? error.message : 'erreur inattendue'
      this.end(`Impossible d'ouvrir la session : ${message}`)
      if (rethrow) throw error
    }
  }

  /** Déconnexion : révoque la session côté serveur (au mieux) et oublie les jetons. */
  async logout(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken ?? this.storedRefreshToken()
    this.end(null)
    if (refreshToken) {
      try {
        await logoutRequest(refreshToken)
      } catch {
        // Jetons déjà oubliés côté client ; le serveur les fera expirer.
      }
    }
  }

  /** Termine la session localement (jetons, minuterie, stockage). */
  private end(notice: string | null): void {
    this.generation++
    this.clearTimer()
    this.tokens = null
    this.refreshInFlight = null
    this.removeStoredRefreshToken()
    this.setState({ status: 'anonymous', notice })
  }

  // --- jetons ---

  private acceptTokens(payload: AuthPayload): void {
    this.tokens = {
      accessToken: payload.accessToken,
      accessExpiresAt: Date.parse(payload.accessExpiresAt),
      refreshToken: payload.refreshToken,
    }
    try {
      this.storage?.setItem(REFRESH_TOKEN_KEY, payload.refreshToken)
    } catch {
      // stockage indisponible (navigation privée…) : la session ne survivra pas au rechargement
    }
    this.scheduleRefresh(Math.max(MIN_REFRESH_DELAY_MS, this.tokens.accessExpiresAt - Date.now() - REFRESH_MARGIN_MS))
  }

  private scheduleRefresh(delay: number): void {
    this.clearTimer()
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null
      void this.refresh().then((outcome) => {
        if (outcome === 'failed' && this.tokens) this.scheduleRefresh(REFRESH_RETRY_MS)
      })
    }, delay)
  }

  private clearTimer(): void {
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer)
    this.refreshTimer = null
  }

  /** Renouvelle le jeton d'accès ; les appels simultanés partagent la même requête. */
  refresh(): Promise<RefreshOutcome> {
    this.refreshInFlight ??= this.doRefresh().finally(() => {
      this.refreshInFlight = null
    })
    return this.refreshInFlight
  }

  private async doRefresh(): Promise<RefreshOutcome> {
    const tokens = this.tokens
    if (!tokens) return 'ended'
    const generation = this.generation
    try {
      const payload = await refreshRequest(tokens.refreshToken)
      if (generation !== this.generation) return 'ended'
      this.acceptTokens(payload)
      return 'ok'
    } catch (error) {
      if (generation !== this.generation) return 'ended'
      if (isGraphQLRequestError(error) && error.code === UNAUTHENTICATED) {
        this.end(sessionEndedNotice(error.message))
        return 'ended'
      }
      return 'failed'
    }
  }

  // --- requêtes authentifiées ---

  /**
   * Requête GraphQL avec le jeton d'accès (`Authorization: Bearer`). Sur
   * `UNAUTHENTICATED`, rafraîchit la session une fois et rejoue la requête.
   */
  async request<TData>(
    query: string,
    variables?: GraphQLVariables,
    options: Omit<GraphQLRequestOptions, 'headers'> = {},
  ): Promise<TData> {
    if (this.tokens && this.tokens.accessExpiresAt <= Date.now()) await this.refresh()
    const send = () => {
      if (!this.tokens) {
        throw new GraphQLRequestError("vous n'êtes pas connecté", { code: UNAUTHENTICATED })
      }
      return graphqlRequest<TData>(query, variables, {
        ...options,
        headers: { Authorization: `Bearer ${this.tokens.accessToken}` },
      })
    }
    try {
      return await send()
    } catch (error) {
      if (!isGraphQLRequestError(error) || error.code !== UNAUTHENTICATED || !this.tokens) throw error
      const outcome = await this.refresh()
      if (outcome !== 'ok') throw error
      try {
        return await send()
      } catch (retryError) {
        if (isGraphQLRequestError(retryError) && retryError.code === UNAUTHENTICATED) {
          this.end(sessionEndedNotice(retryError.message))
        }
        throw retryError
      }
    }
  }

  /**
   * Jeton d'accès valide (renouvelé s'il a expiré), pour les abonnements WebSocket où
   * l'en-tête `Authorization` passe dans `connection_init`.
   */
  async currentAccessToken(): Promise<string | null> {
    if (this.tokens && this.tokens.accessExpiresAt <= Date.now()) await this.refresh()
    return this.tokens?.accessToken || null
  }

  // --- stockage ---

  private storedRefreshToken(): string | null {
    try {
      return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null
    } catch {
      return null
    }
  }

  private removeStoredRefreshToken(): void {
    try {
      this.storage?.removeItem(REFRESH_TOKEN_KEY)
    } catch {
      // rien à faire
    }
  }

  /** Arrête la minuterie (démontage, tests). */
  dispose(): void {
    this.clearTimer()
  }
}
