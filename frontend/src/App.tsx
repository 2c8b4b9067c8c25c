import { useEffect, useRef, useState } from 'react'
import { LoginPage } from './auth/LoginPage.tsx'
import { SessionProvider, useSession } from './auth/SessionContext.tsx'
import { SessionManager } from './auth/session.ts'
import { ApiStatus } from './components/ApiStatus.tsx'
import { MainNav, RoutedPage, UserBar } from './layout/AppShell.tsx'
import { usePathname } from './router/router.tsx'

export const APP_NAME = 'Relève — plannings hospitaliers'

/**
 * Après une connexion, une déconnexion ou un changement d'écran, place le focus
 * sur le titre (h1) du nouvel écran pour que clavier et lecteur d'écran y soient.
 */
function useFocusPageTitle(key: string) {
  const previous = useRef<string | null>(null)
  useEffect(() => {
    const first = previous.current === null
    const changed = previous.current !== key
    previous.current = key
    if (first || !changed) return
    document.querySelector<HTMLElement>('#contenu h1')?.focus()
  }, [key])
}

function Layout() {
  const session = useSession()
  const pathname = usePathname()
  useFocusPageTitle(`${session.status}:${pathname}`)
  const user = session.status === 'authenticated' ? session.user : null

  return (
    <div className="layout">
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="app-header">
        <div className="container app-header__inner">
          <p className="app-brand">{APP_NAME}</p>
          {user !== null && <UserBar user={user} />}
        </div>
        {user !== null && (
          <div className="container">
            <MainNav user={user} />
          </div>
        )}
      </header>
      <main id="contenu" className="container app-main" tabIndex={-1}>
        {session.status === 'restoring' && <p className="notice notice--info">Reprise de la session…</p>}
        {session.status === 'anonymous' && <LoginPage notice={session.notice} />}
        {user !== null && <RoutedPage user={user} />}
      </main>
      <footer className="app-footer">
        <div className="container app-footer__inner">
          <span>Relève · interface web, version de développement</span>
          <ApiStatus />
        </div>
      </footer>
    </div>
  )
}

export default function App({ manager }: { manager?: SessionManager }) {
  const [session] = useState(() => manager ?? new SessionManager())
  return (
    <SessionProvider manager={session}>
      <Layout />
    </SessionProvider>
  )
}
