/**
 * Choix d'une personne par son nom pour le DPO : le nom est chiffré, le serveur cherche le nom
 * de famille exact (majuscules et accents indifférents) par index aveugle. Le choix reporte
 * l'identifiant de l'agent (personne concernée, avec son compte) ou de son compte (auteur) dans
 * les filtres.
 */
import { useId, useRef, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { errorText } from '../planning/labels.ts'
import { PEOPLE_BY_NAME_QUERY, type PeopleByNameData, type PersonFound } from './accessLogApi.ts'

export type PickTarget = 'objectId' | 'actorId'

type Found = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ok'; name: string; people: PersonFound[] } | { kind: 'error'; message: string }

export function personLabel(p: PersonFound): string {
  return `${p.firstName ?? ''} ${p.lastName ?? 'Personne effacée'}`.trim()
}

/**
 * `onPick` reçoit aussi l'identifiant du compte de la personne : ses événements de compte sont
 * journalisés sous ce dernier, la recherche « Accès à ses données » couvre les deux.
 */
export function PersonPicker({ onPick }: { onPick: (target: PickTarget, id: string, label: string, accountId: string | null) => void }) {
  const manager = useSessionManager()
  const id = useId()
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [found, setFound] = useState<Found>({ kind: 'idle' })
  const input = useRef<HTMLInputElement>(null)

  const search = async (event: FormEvent) => {
    event.preventDefault()
    const lastName = name.trim()
    if (lastName === '') {
      setNameError('Indiquez le nom de famille.')
      input.current?.focus()
      return
    }
    setNameError(null)
    setFound({ kind: 'loading' })
    try {
      const data = await manager.request<PeopleByNameData>(PEOPLE_BY_NAME_QUERY, { lastName })
      setFound({ kind: 'ok', name: lastName, people: data.staffMembers.nodes })
    } catch (e) {
      setFound({ kind: 'error', message: errorText(e) })
    }
  }

  return (
    <div className="person-picker">
      <h3 id={`${id}-title`}>Trouver une personne par son nom</h3>
      <form className="filters" role="search" aria-labelledby={`${id}-title`} noValidate onSubmit={(e) => void search(e)}>
        <div className="field field--text">
          <label htmlFor={`${id}-name`}>Nom de famille de la personne</label>
          <span id={`${id}-hint`} className="field__hint">
            Nom exact ; majuscules et accents indifférents.
          </span>
          <input
            id={`${id}-name`}
            ref={input}
            value={name}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={`${id}-hint${nameError ? ` ${id}-error` : ''}`}
          />
          {nameError && (
            <span id={`${id}-error`} className="field__error">
              {nameError}
            </span>
          )}
        </div>
        <div className="actions filters__actions">
          <button type="submit" className="button button--secondary">
            Chercher la personne
          </button>
        </div>
      </form>
      <div role="status" className="results-live">
        {found.kind === 'loading' && <p className="notice notice--info">Recherche de la personne…</p>}
        {found.kind === 'ok' && found.people.length === 0 && (
          <p className="notice notice--info">Aucune personne nommée « {found.name} » dans le GHT.</p>
        )}
        {found.kind === 'ok' && found.people.length > 0 && (
          <p className="notice notice--info">
            {found.people.length} personne{found.people.length > 1 ? 's' : ''} nommée{found.people.length > 1 ? 's' : ''} « {found.name} ».
          </p>
        )}
      </div>
      {found.kind === 'error' && (
        <p role="alert" className="notice notice--error">
          Recherche impossible : {found.message}
        </p>
      )}
      {found.kind === 'ok' && found.people.length > 0 && (
        <ul className="person-picker__list" aria-label="Personnes trouvées">
          {found.people.map((p) => (
            <li key={p.id}>
              <span>
                <strong>{personLabel(p)}</strong> — {p.profession}
              </span>
              <span className="actions">
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Accès à ses données — ${personLabel(p)}`}
                  onClick={() => onPick('objectId', p.id, personLabel(p), p.userId ?? null)}
                >
                  Accès à ses données
                </button>
                {p.userId && (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={`Accès qu’elle a faits — ${personLabel(p)}`}
                    onClick={() => p.userId && onPick('actorId', p.userId, personLabel(p), p.userId)}
                  >
                    Accès qu’elle a faits
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
