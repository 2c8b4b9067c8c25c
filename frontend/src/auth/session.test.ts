import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AUTH, ME, gqlError, installFakeApi } from '../test/fakeApi.ts'
import { REFRESH_MARGIN_MS, REFRESH_TOKEN_KEY, SessionManager } from './session.ts'

/** Réponse de `refreshSession`, calculée au moment de l'appel (expiration à +15 min). */
const refreshed = (accessToken: string, refreshToken: string) => () => ({
  data: { refreshSession: AUTH(accessToken, refreshToken).data.login },
})

beforeEach(() => {
  sessionStorage.clear()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(new Date('2026-11-22T10:00:00Z'))
})

afterEach(() => {
  vi.useRealTimers()
})

describe('SessionManager', () => {
  it('garde le jeton de rafraîchissement en sessionStorage et envoie le jeton d’accès en Bearer', async () => {
    const api = installFakeApi({ login: AUTH('acces-1', 'rafraichissement-1'), me: ME('unit_manager') })
    const manager = new SessionManager()
    await manager.login('cadre@alpha.demo', 'releve-demo')

    expect(manager.getState()).toMatchObject({ status: 'authenticated', user: { role: 'unit_manager' } })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('rafraichissement-1')
    expect(api.callsTo('login')[0].variables).toEqual({ email: 'cadre@alpha.demo', password: 'releve-demo' })
    expect(api.callsTo('login')[0].authorization).toBeNull()
    expect(api.callsTo('me')[0].authorization).toBe('Bearer acces-1')
    manager.dispose()
  })

  it('renouvelle le jeton d’accès avant son expiration (minuterie)', async () => {
    const api = installFakeApi({
      login: AUTH('acces-1', 'rafraichissement-1'),
      me: ME('unit_manager'),
      refreshSession: [refreshed('acces-2', 'rafraichissement-2'), refreshed('acces-3', 'rafraichissement-3')],
    })
    const manager = new SessionManager()
    await manager.login('cadre@alpha.demo', 'releve-demo')

    // Juste avant l'échéance (15 min − marge) : rien.
    await vi.advanceTimersByTimeAsync(15 * 60_000 - REFRESH_MARGIN_MS - 1_000)
    expect(api.callsTo('refreshSession')).toHaveLength(0)

    await vi.advanceTimersByTimeAsync(1_000)
    expect(api.callsTo('refreshSession')).toHaveLength(1)
    expect(api.callsTo('refreshSession')[0].variables).toEqual({ refreshToken: 'rafraichissement-1' })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('rafraichissement-2')

    await manager.request('{ me { userId role tenantSlug tenantName } }')
    expect(api.callsTo('me').at(-1)?.authorization).toBe('Bearer acces-2')

    // Le renouvellement suivant est reprogrammé avec le nouveau jeton.
    await vi.advanceTimersByTimeAsync(15 * 60_000)
    expect(api.callsTo('refreshSession')).toHaveLength(2)
    expect(api.callsTo('refreshSession')[1].variables).toEqual({ refreshToken: 'rafraichissement-2' })
    expect(manager.getState().status).toBe('authenticated')
    manager.dispose()
  })

  it('rafraîchit une fois sur UNAUTHENTICATED puis rejoue la requête', async () => {
    const api = installFakeApi({
      login: AUTH('acces-1', 'rafraichissement-1'),
      me: [ME('auditor'), gqlError('authentification requise', 'UNAUTHENTICATED'), ME('auditor')],
      refreshSession: refreshed('acces-2', 'rafraichissement-2'),
    })
    const manager = new SessionManager()
    await manager.login('dpo@alpha.demo', 'releve-demo')

    const data = await manager.request<{ me: { role: string } }>('{ me { userId role tenantSlug tenantName } }')
    expect(data.me.role).toBe('auditor')
    expect(api.callsTo('refreshSession')).toHaveLength(1)
    expect(api.callsTo('me').map((c) => c.authorization)).toEqual(['Bearer acces-1', 'Bearer acces-1', 'Bearer acces-2'])
    manager.dispose()
  })

  it('revient à la connexion quand le renouvellement est refusé', async () => {
    installFakeApi({
      login: AUTH('acces-1', 'rafraichissement-1'),
      me: [ME('staff'), gqlError('authentification requise', 'UNAUTHENTICATED')],
      refreshSession: gqlError('session expirée', 'UNAUTHENTICATED'),
    })
    const manager = new SessionManager()
    await manager.login('agent@alpha.demo', 'releve-demo')

    await expect(manager.request('{ me { userId } }')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(manager.getState()).toEqual({
      status: 'anonymous',
      notice: 'Votre session a pris fin : session expirée. Veuillez vous reconnecter.',
    })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
    manager.dispose()
  })

  it('reprend la session après un rechargement, une seule fois même si restore() est appelé deux fois', async () => {
    sessionStorage.setItem(REFRESH_TOKEN_KEY, 'rafraichissement-1')
    const api = installFakeApi({ refreshSession: refreshed('acces-2', 'rafraichissement-2'), me: ME('hr') })
    const manager = new SessionManager()
    expect(manager.getState().status).toBe('restoring')

    await Promise.all([manager.restore(), manager.restore()])
    expect(api.callsTo('refreshSession')).toHaveLength(1)
    expect(manager.getState()).toMatchObject({ status: 'authenticated', user: { role: 'hr' } })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('rafraichissement-2')
    manager.dispose()
  })

  it('se déconnecte : révoque la session et oublie les jetons', async () => {
    const api = installFakeApi({
      login: AUTH('acces-1', 'rafraichissement-1'),
      me: ME('staff'),
      logout: { data: { logout: true } },
    })
    const manager = new SessionManager()
    await manager.login('agent@alpha.demo', 'releve-demo')
    await manager.logout()

    expect(api.callsTo('logout')[0].variables).toEqual({ refreshToken: 'rafraichissement-1' })
    expect(manager.getState()).toEqual({ status: 'anonymous', notice: null })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
    await vi.advanceTimersByTimeAsync(30 * 60_000)
    expect(api.callsTo('refreshSession')).toHaveLength(0)
  })
})
