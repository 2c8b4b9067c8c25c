/**
 * Routeur minimal sur l'API History : `usePathname()`, `navigate()` et `<Link>`.
 * Le backend renvoie `index.html` pour tout chemin inconnu, les URL sont donc
 * de vraies adresses (`/journal-des-acces`) que l'on peut recharger ou partager.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react'

const NAVIGATE_EVENT = 'releve:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

function currentPathname(): string {
  return window.location.pathname
}

/** Chemin courant (`/`, `/journal-des-acces`…), mis à jour à chaque navigation. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPathname, () => '/')
}

/** Change d'adresse sans recharger la page. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string
}

/** Lien interne : navigation côté client, `aria-current="page"` sur la page active. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const pathname = usePathname()
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return
    }
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={to} aria-current={pathname === to ? 'page' : undefined} onClick={handleClick} {...rest}>
      {children}
    </a>
  )
}
