import { Link } from '../router/router.tsx'

export function ForbiddenPage({ home }: { home: string }) {
  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Accès non autorisé
      </h1>
      <p>Votre rôle ne permet pas d’utiliser cet écran.</p>
      <p>
        <Link to={home}>Revenir à l’accueil</Link>
      </p>
    </>
  )
}

export function NotFoundPage({ home }: { home: string }) {
  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Page introuvable
      </h1>
      <p>Cette adresse ne correspond à aucun écran de Relève.</p>
      <p>
        <Link to={home}>Revenir à l’accueil</Link>
      </p>
    </>
  )
}
