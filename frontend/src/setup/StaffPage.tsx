/**
 * « Agents » (paramétrage) : liste des agents du périmètre, recherche par nom de famille
 * (exacte, sans tenir compte des majuscules ni des accents : le nom est chiffré, le serveur
 * cherche par index aveugle), filtre par unité, pagination, création et modification.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { errorText } from '../planning/labels.ts'
import { StaffForm } from './StaffForm.tsx'
import { StaffImport } from './StaffImport.tsx'
import {
  SETUP_UNITS_QUERY,
  STAFF_LIST_QUERY,
  STAFF_PAGE_SIZE,
  type SetupUnit,
  type SetupUnitsData,
  type StaffListData,
  type StaffRow,
} from './setupApi.ts'

interface Search {
  lastName: string
  unitId: string
}

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; person: StaffRow }

export function StaffPage() {
  const manager = useSessionManager()
  const [units, setUnits] = useState<SetupUnit[]>([])
  const [draft, setDraft] = useState<Search>({ lastName: '', unitId: '' })
  const [search, setSearch] = useState<Search>({ lastName: '', unitId: '' })
  // Cursors of the pages seen so far: the last one is the page shown.
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [page, setPage] = useState<StaffListData['staffMembers'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState<Editing>({ kind: 'none' })
  const [saved, setSaved] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const listHeading = useRef<HTMLHeadingElement>(null)
  const id = useId()

  useEffect(() => {
    manager
      .request<SetupUnitsData>(SETUP_UNITS_QUERY)
      .then((data) => setUnits(data.units.nodes))
      .catch((e) => setError(errorText(e)))
  }, [manager])

  const after = cursors[cursors.length - 1]
  useEffect(() => {
    let live = true
    setPage(null)
    manager
      .request<StaffListData>(STAFF_LIST_QUERY, {
        first: STAFF_PAGE_SIZE,
        after,
        ...(search.lastName.trim() ? { lastName: search.lastName.trim() } : {}),
        ...(search.unitId ? { unitId: search.unitId } : {}),
      })
      .then((data) => {
        if (live) {
          setPage(data.staffMembers)
          setError(null)
        }
      })
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, search, after, reload])

  const submitSearch = (event: FormEvent) => {
    event.preventDefault()
    setSearch(draft)
    setCursors([null])
    setSaved(null)
  }

  const onSaved = useCallback((person: StaffRow, created: boolean) => {
    setEditing({ kind: 'none' })
    setSaved(`${created ? 'Agent créé' : 'Fiche enregistrée'} : ${person.firstName ?? ''} ${person.lastName ?? ''}.`)
    setReload((n) => n + 1)
    listHeading.current?.focus()
  }, [])

  const unitCode = (unitId: string) => units.find((u) => u.id === unitId)?.code ?? '—'
  const pageNumber = cursors.length

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Agents
      </h1>
      <p className="page-intro">
        Les agents de votre périmètre : identité, profession, qualifications, quotité et unité de rattachement.
      </p>

      <section className="panel panel--wide" aria-labelledby={`${id}-search`}>
        <h2 id={`${id}-search`}>Rechercher</h2>
        <form className="filters" noValidate onSubmit={submitSearch} role="search" aria-label="Rechercher un agent">
          <div className="field field--text">
            <label htmlFor={`${id}-name`}>Nom de famille</label>
            <p id={`${id}-name-hint`} className="field__hint">
              Nom exact ; majuscules et accents indifférents.
            </p>
            <input
              id={`${id}-name`}
              value={draft.lastName}
              aria-describedby={`${id}-name-hint`}
              onChange={(event) => setDraft((d) => ({ ...d, lastName: event.target.value }))}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-unit`}>Unité</label>
            <select id={`${id}-unit`} value={draft.unitId} onChange={(event) => setDraft((d) => ({ ...d, unitId: event.target.value }))}>
              <option value="">Toutes les unités</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.code} — {u.name}
                </option>
              ))}
            </select>
          </div>
          <div className="actions filters__actions">
            <button type="submit" className="button">
              Rechercher
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setEditing({ kind: 'new' })}
              disabled={units.length === 0}
            >
              Nouvel agent
            </button>
          </div>
        </form>
      </section>

      {editing.kind !== 'none' && (
        <StaffForm
          key={editing.kind === 'edit' ? editing.person.id : 'new'}
          person={editing.kind === 'edit' ? editing.person : null}
          units={units}
          onSaved={onSaved}
          onCancel={() => setEditing({ kind: 'none' })}
        />
      )}

      <StaffImport
        onImported={(count) => {
          setSaved(`${count} agent${count > 1 ? 's' : ''} importé${count > 1 ? 's' : ''}.`)
          setReload((n) => n + 1)
        }}
      />

      <section className="panel panel--wide" aria-labelledby={`${id}-list`} aria-busy={page === null && !error}>
        <h2 id={`${id}-list`} ref={listHeading} tabIndex={-1}>
          Liste des agents{pageNumber > 1 ? ` — page ${pageNumber}` : ''}
        </h2>
        <div role="status" className="results-live">
          {saved && <p className="notice notice--ok">{saved}</p>}
        </div>
        {error && (
          <p role="alert" className="notice notice--error">
            {error}
          </p>
        )}
        {page === null && !error && <p className="notice notice--info">Chargement des agents…</p>}
        {page && page.nodes.length === 0 && (
          <p className="notice notice--info">
            {search.lastName.trim() ? `Aucun agent nommé « ${search.lastName.trim()} » dans votre périmètre.` : 'Aucun agent.'}
          </p>
        )}
        {page && page.nodes.length > 0 && (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Prénom</th>
                  <th scope="col">Profession</th>
                  <th scope="col">Qualifications</th>
                  <th scope="col">Quotité</th>
                  <th scope="col">Unité</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.nodes.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.lastName ?? 'Personne effacée'}</th>
                    <td>{p.firstName ?? '—'}</td>
                    <td>{p.profession}</td>
                    <td>{p.qualifications.join(', ') || '—'}</td>
                    <td>{p.quotite} %</td>
                    <td>
                      {unitCode(p.homeUnitId)}
                      {p.pool ? ' · pool' : ''}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        onClick={() => setEditing({ kind: 'edit', person: p })}
                        disabled={p.lastName === null}
                        aria-label={`Modifier la fiche de ${p.firstName ?? ''} ${p.lastName ?? ''}`}
                      >
                        Modifier
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="actions pagination">
          {pageNumber > 1 && (
            <button type="button" className="button button--secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
              Page précédente
            </button>
          )}
          {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor])}
            >
              Page suivante
            </button>
          )}
        </div>
      </section>
    </>
  )
}
