/**
 * Quand la maquette ne peut pas être couverte du tout : le petit ensemble de besoins minimum,
 * d'absences et de règles impératives que le moteur a trouvé incompatibles ensemble (en retirer
 * un seul rend le planning possible). `ConflictView` l'affiche ; `ConflictExplanation` le
 * demande (bouton) pour une version, après un calcul en échec ou sans solution sans violation.
 */
import { useId, useState } from 'react'
import { useSessionManager } from '../../auth/SessionContext.tsx'
import { errorText } from '../labels.ts'
import type { StaffMember } from '../planningApi.ts'
import { staffName } from '../RosterGrid.tsx'
import { CONFLICT_QUERY, readConflict, withNames, type Conflict, type ConflictData } from './replanApi.ts'

const KIND_LABELS: Record<string, string> = {
  cover_minimum: 'Besoin minimum',
  absence: 'Absence',
  rule: 'Règle impérative',
}

export function ConflictView({ conflict, staff }: { conflict: Conflict; staff: StaffMember[] }) {
  const named = (id: string) => {
    const p = staff.find((s) => s.id === id)
    return p ? staffName(p) : null
  }
  return (
    <div className="conflict" data-testid="conflict">
      <p>
        La maquette ne peut pas être couverte avec l’effectif et les règles :{' '}
        {conflict.items.length === 1
          ? 'cet élément ne peut pas être tenu à lui seul, et le retirer suffit à rendre le planning possible'
          : `ces ${conflict.items.length} éléments sont incompatibles ensemble, et en retirer un seul suffit à rendre le planning possible`}
        {conflict.irreducible ? '.' : ' (recherche arrêtée faute de temps : l’ensemble peut encore contenir un élément de trop).'}
      </p>
      <ul className="explanation-list">
        {conflict.items.map((item, i) => (
          <li key={i}>
            <strong>{KIND_LABELS[item.kind] ?? 'Élément'}</strong> : {withNames(item.text, named)}
          </li>
        ))}
      </ul>
    </div>
  )
}

export function ConflictExplanation({ rosterId, version, staff }: { rosterId: string; version: number; staff: StaffMember[] }) {
  const manager = useSessionManager()
  const titleId = useId()
  const [state, setState] = useState<'idle' | 'loading' | 'done'>('idle')
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [error, setError] = useState<string | null>(null)

  const ask = async () => {
    setState('loading')
    setError(null)
    try {
      const data = await manager.request<ConflictData>(CONFLICT_QUERY, { rosterId, version })
      setConflict(readConflict(data.rosterExplanations.conflict))
      setState('done')
    } catch (e) {
      setError(errorText(e))
      setState('idle')
    }
  }

  return (
    <div className="conflict-explanation" aria-labelledby={titleId} role="group">
      <h3 id={titleId}>Pourquoi la maquette n’est pas couverte</h3>
      {state === 'idle' && (
        <button type="button" className="button button--secondary" onClick={() => void ask()}>
          Chercher les éléments incompatibles
        </button>
      )}
      {state === 'loading' && <p role="status">Recherche des éléments incompatibles (quelques secondes)…</p>}
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {state === 'done' &&
        (conflict ? (
          <ConflictView conflict={conflict} staff={staff} />
        ) : (
          <p>
            Aucun ensemble incompatible trouvé : la maquette peut être couverte sans enfreindre de règle impérative (ou la recherche
            n’a pas abouti dans le temps imparti). Relancez « Générer » avec plus de temps, ou voyez les besoins non couverts dans
            les indicateurs.
          </p>
        ))}
    </div>
  )
}
