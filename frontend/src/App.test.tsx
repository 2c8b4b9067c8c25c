import { fireEvent, render, screen, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { beforeEach, describe, expect, it } from 'vitest'
import App from './App.tsx'
import { REFRESH_TOKEN_KEY } from './auth/session.ts'
import { AUTH, ME, gqlError, installFakeApi } from './test/fakeApi.ts'

beforeEach(() => {
  sessionStorage.clear()
  window.history.replaceState(null, '', '/')
})

function renderApp() {
  return render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

function logIn(email: string, password = 'releve-demo') {
  fireEvent.change(screen.getByLabelText('Adresse électronique'), { target: { value: email } })
  fireEvent.change(screen.getByLabelText('Mot de passe'), { target: { value: password } })
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }))
}

describe('App', () => {
  it("présente la page de connexion, l'en-tête et l'état de l'API", async () => {
    installFakeApi({})
    renderApp()

    expect(screen.getByRole('banner')).toHaveTextContent('Relève — plannings hospitaliers')
    expect(within(screen.getByRole('main')).getByRole('heading', { level: 1, name: 'Connexion' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeInTheDocument()
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument()
    const footer = screen.getByRole('contentinfo')
    expect(await within(footer).findByText('API connectée — version 0.1.0')).toBeInTheDocument()
  })

  it('connecte un cadre : GHT et rôle en français dans l’en-tête, navigation sans le journal des accès', async () => {
    const api = installFakeApi({ login: AUTH('a1', 'r1', 'unit_manager'), me: ME('unit_manager') })
    renderApp()
    logIn('cadre@alpha.demo')

    const heading = await screen.findByRole('heading', { level: 1, name: 'Tableau de bord' })
    const banner = screen.getByRole('banner')
    expect(banner).toHaveTextContent('GHT Alpha (démonstration)')
    expect(banner).toHaveTextContent('Cadre de santé')
    const nav = screen.getByRole('navigation', { name: 'Navigation principale' })
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Tableau de bord',
      'Planning',
      'Agents',
      'Types de poste',
      'Maquettes',
      'Trames',
      'Règles',
      'Temps de trajet',
      'Programme du bloc',
      'Saisie des compteurs',
    ])
    expect(within(nav).getByRole('link', { name: 'Tableau de bord' })).toHaveAttribute('aria-current', 'page')
    expect(screen.queryByRole('link', { name: 'Journal des accès' })).not.toBeInTheDocument()
    expect(heading).toHaveFocus()
    expect(api.callsTo('login')[0].variables).toEqual({ email: 'cadre@alpha.demo', password: 'releve-demo' })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r1')
  })

  it('affiche l’erreur française de l’API quand le mot de passe est faux', async () => {
    installFakeApi({ login: gqlError('adresse électronique ou mot de passe incorrect', 'UNAUTHENTICATED') })
    renderApp()
    logIn('dpo@alpha.demo', 'mauvais')

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Connexion impossible : adresse électronique ou mot de passe incorrect.')
    expect(screen.getByRole('heading', { level: 1, name: 'Connexion' })).toBeInTheDocument()
    expect(screen.getByLabelText('Mot de passe')).toHaveValue('')
    expect(screen.getByLabelText('Mot de passe')).toHaveFocus()
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })

  it('demande les champs manquants en français sans appeler l’API', () => {
    const api = installFakeApi({})
    renderApp()
    fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Saisissez votre adresse électronique.')
    expect(screen.getByLabelText('Adresse électronique')).toHaveFocus()
    expect(api.callsTo('login')).toHaveLength(0)
  })

  it('conduit le DPO au journal des accès, seul écran de sa navigation', async () => {
    installFakeApi({ login: AUTH('a1', 'r1', 'auditor'), me: ME('auditor'), accessLog: { data: { accessLog: [] } } })
    renderApp()
    logIn('dpo@alpha.demo')

    expect(await screen.findByRole('heading', { level: 1, name: 'Journal des accès' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/journal-des-acces')
    expect(screen.getByRole('banner')).toHaveTextContent('Délégué à la protection des données (DPO)')
    const nav = screen.getByRole('navigation', { name: 'Navigation principale' })
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Journal des accès'])
  })

  it.each([
    ['ght_admin', 'Direction du GHT'],
    ['site_manager', "Direction d'établissement"],
    ['hr', 'Ressources humaines'],
    ['staff', 'Agent'],
  ])('rôle %s : « %s », tableau de bord, pas de journal des accès', async (role, label) => {
    sessionStorage.setItem(REFRESH_TOKEN_KEY, 'r0')
    const api = installFakeApi({
      refreshSession: { data: { refreshSession: AUTH('a1', 'r1', role).data.login } },
      me: ME(role),
    })
    renderApp()

    expect(await screen.findByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeInTheDocument()
    // Un jeton de rafraîchissement ne sert qu'une fois, même avec les effets doublés de StrictMode.
    expect(api.callsTo('refreshSession')).toHaveLength(1)
    expect(api.callsTo('refreshSession')[0].variables).toEqual({ refreshToken: 'r0' })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r1')
    expect(screen.getByRole('banner')).toHaveTextContent(label)
    expect(screen.queryByRole('link', { name: 'Journal des accès' })).not.toBeInTheDocument()
  })

  it('refuse le journal des accès à un cadre qui saisit son adresse', async () => {
    window.history.replaceState(null, '', '/journal-des-acces')
    sessionStorage.setItem(REFRESH_TOKEN_KEY, 'r0')
    const api = installFakeApi({
      refreshSession: { data: { refreshSession: AUTH('a1', 'r1').data.login } },
      me: ME('unit_manager'),
    })
    renderApp()

    expect(await screen.findByRole('heading', { level: 1, name: 'Accès non autorisé' })).toBeInTheDocument()
    expect(api.callsTo('accessLog')).toHaveLength(0)
    fireEvent.click(screen.getByRole('link', { name: 'Revenir à l’accueil' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Tableau de bord' })).toHaveFocus()
    expect(window.location.pathname).toBe('/')
  })

  it('se déconnecte et revient à la connexion', async () => {
    const api = installFakeApi({
      login: AUTH('a1', 'r1', 'staff'),
      me: ME('staff'),
      logout: { data: { logout: true } },
    })
    renderApp()
    logIn('agent@alpha.demo')
    fireEvent.click(await screen.findByRole('button', { name: 'Se déconnecter' }))

    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion' })).toHaveFocus()
    expect(api.callsTo('logout')[0].variables).toEqual({ refreshToken: 'r1' })
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument()
  })

  it('revient à la connexion avec un message quand la session enregistrée est refusée', async () => {
    sessionStorage.setItem(REFRESH_TOKEN_KEY, 'r-revoque')
    installFakeApi({
      refreshSession: gqlError(
        "réutilisation d'un jeton de session détectée : la session est révoquée, veuillez vous reconnecter",
        'UNAUTHENTICATED',
      ),
    })
    renderApp()

    expect(screen.getByText('Reprise de la session…')).toBeInTheDocument()
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Votre session a pris fin : réutilisation d'un jeton de session détectée : la session est révoquée, veuillez vous reconnecter.",
    )
    expect(screen.getByRole('heading', { level: 1, name: 'Connexion' })).toBeInTheDocument()
    expect(sessionStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull()
  })
})
