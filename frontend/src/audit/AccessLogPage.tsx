import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { errorText } from '../planning/labels.ts'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { ROLE_SHORT_LABELS, isRole, roleLabel } from '../auth/roles.ts'
import {
  ACCESS_LOG_PAGE_SIZE,
  ACCESS_LOG_QUERY,
  SIGN_CHECKPOINT_MUTATION,
  VERIFY_ACCESS_LOG_QUERY,
  type AccessLogEntry,
  type AccessLogFilter,
  type AccessLogVerification,
} from './accessLogApi.ts'
import { AccessLogExport } from './AccessLogExport.tsx'
import { PersonPicker, type PickTarget } from './PersonPicker.tsx'
import {
  SYSTEM_ACTOR_ID,
  breakKindLabel,
  formatDateTime,
  objectTypeLabel,
  operationLabel,
  plural,
  purposeLabel,
} from './labels.ts'

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Message français d'après `extensions.code` (voir planning/labels.ts), le message du serveur à la suite. */
function errorMessage(error: unknown): string {
  return errorText(error)
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

/** `AAAA-MM-JJ` (champ date) → minuit heure locale, en ISO 8601 ; `dayOffset` jours plus tard. */
function localMidnightIso(value: string, dayOffset = 0): string {
  const [year, month, day] = value.split('-').map(Number)
  return new Date(year, month - 1, day + dayOffset).toISOString()
}

interface FilterDraft {
  actorId: string
  objectId: string
  from: string
  to: string
}

type FieldErrors = Partial<Record<keyof FilterDraft, string>>

const EMPTY_DRAFT: FilterDraft = { actorId: '', objectId: '', from: '', to: '' }

/**
 * `linked` : l'identifiant du compte de la personne choisie comme objet, pour chercher aussi les
 * événements de son compte (journalisés sous l'identifiant du compte, pas de la fiche).
 */
function validate(draft: FilterDraft, linked?: { id: string; accountId: string | null }): { filter: AccessLogFilter; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const filter: AccessLogFilter = {}
  const actorId = draft.actorId.trim()
  const objectId = draft.objectId.trim()
  if (actorId !== '') {
    if (UUID_PATTERN.test(actorId)) filter.actorId = actorId.toLowerCase()
    else errors.actorId = 'Identifiant invalide : attendu au format 8-4-4-4-12 caractères hexadécimaux.'
  }
  if (objectId !== '') {
    if (!UUID_PATTERN.test(objectId)) errors.objectId = 'Identifiant invalide : attendu au format 8-4-4-4-12 caractères hexadécimaux.'
    else if (linked?.accountId && linked.id === objectId) filter.objectIds = [objectId.toLowerCase(), linked.accountId.toLowerCase()]
    else filter.objectId = objectId.toLowerCase()
  }
  if (draft.from !== '') filter.from = localMidnightIso(draft.from)
  // « au » inclut toute la journée : le serveur exclut la borne `to`.
  if (draft.to !== '') filter.to = localMidnightIso(draft.to, 1)
  if (draft.from !== '' && draft.to !== '' && draft.to < draft.from) {
    errors.to = 'La date de fin doit être postérieure ou égale à la date de début.'
  }
  return { filter, errors }
}

interface PageQuery {
  filter: AccessLogFilter
  /** Curseurs `beforeSeq` des pages déjà vues ; le dernier est la page affichée (`null` : la plus récente). */
  cursors: (number | null)[]
}

type EntriesState =
  | { kind: 'loading' }
  | { kind: 'ok'; entries: AccessLogEntry[] }
  | { kind: 'error'; message: string }

type VerifyState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'done'; result: AccessLogVerification }
  | { kind: 'error'; message: string }

type SignState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'done'; seq: number | null }
  | { kind: 'error'; message: string }

/** Écran du DPO : recherche dans le journal des accès, vérification de la chaîne, points de contrôle. */
export function AccessLogPage() {
  const manager = useSessionManager()
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_DRAFT)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [query, setQuery] = useState<PageQuery>({ filter: {}, cursors: [null] })
  const [entries, setEntries] = useState<EntriesState>({ kind: 'loading' })
  const [verify, setVerify] = useState<VerifyState>({ kind: 'idle' })
  const [sign, setSign] = useState<SignState>({ kind: 'idle' })
  const [picked, setPicked] = useState<Partial<Record<PickTarget, { id: string; label: string; accountId: string | null }>>>({})
  const resultsHeading = useRef<HTMLHeadingElement>(null)
  const focusResults = useRef(false)
  const fieldRefs = useRef<Partial<Record<keyof FilterDraft, HTMLInputElement | null>>>({})
  const ids = useId()

  const beforeSeq = query.cursors[query.cursors.length - 1]

  useEffect(() => {
    const controller = new AbortController()
    setEntries({ kind: 'loading' })
    manager
      .request<{ accessLog: AccessLogEntry[] }>(
        ACCESS_LOG_QUERY,
        { ...query.filter, first: ACCESS_LOG_PAGE_SIZE, ...(beforeSeq === null ? {} : { beforeSeq }) },
        { signal: controller.signal },
      )
      .then(
        (data) => {
          if (controller.signal.aborted) return
          setEntries({ kind: 'ok', entries: data.accessLog ?? [] })
        },
        (error: unknown) => {
          if (controller.signal.aborted || isAbort(error)) return
          setEntries({ kind: 'error', message: errorMessage(error) })
        },
      )
    return () => controller.abort()
  }, [manager, query, beforeSeq])

  useEffect(() => {
    if (entries.kind !== 'loading' && focusResults.current) {
      focusResults.current = false
      resultsHeading.current?.focus()
    }
  }, [entries])

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const person = picked.objectId
    const { filter, errors } = validate(draft, person && { id: person.id, accountId: person.accountId })
    setFieldErrors(errors)
    const firstInvalid = (Object.keys(errors) as (keyof FilterDraft)[])[0]
    if (firstInvalid !== undefined) {
      fieldRefs.current[firstInvalid]?.focus()
      return
    }
    focusResults.current = true
    setQuery({ filter, cursors: [null] })
  }

  const pick = (target: PickTarget, personId: string, label: string, accountId: string | null) => {
    setDraft((d) => ({ ...d, [target]: personId }))
    setPicked((p) => ({ ...p, [target]: { id: personId, label, accountId } }))
    setFieldErrors((e) => ({ ...e, [target]: undefined }))
    fieldRefs.current[target]?.focus()
  }

  const reset = () => {
    setPicked({})
    setDraft(EMPTY_DRAFT)
    setFieldErrors({})
    focusResults.current = true
    setQuery({ filter: {}, cursors: [null] })
  }

  const older = () => {
    if (entries.kind !== 'ok' || entries.entries.length === 0) return
    const last = entries.entries[entries.entries.length - 1]
    focusResults.current = true
    setQuery((q) => ({ ...q, cursors: [...q.cursors, last.seq] }))
  }

  const newer = () => {
    focusResults.current = true
    setQuery((q) => ({ ...q, cursors: q.cursors.length > 1 ? q.cursors.slice(0, -1) : q.cursors }))
  }

  const runVerify = async () => {
    if (verify.kind === 'loading') return
    setVerify({ kind: 'loading' })
    try {
      const data = await manager.request<{ verifyAccessLog: AccessLogVerification }>(VERIFY_ACCESS_LOG_QUERY)
      setVerify({ kind: 'done', result: data.verifyAccessLog })
    } catch (error) {
      setVerify({ kind: 'error', message: errorMessage(error) })
    }
  }

  const runSign = async () => {
    if (sign.kind === 'loading') return
    setSign({ kind: 'loading' })
    try {
      const data = await manager.request<{ signAccessLogCheckpoint: number | null }>(SIGN_CHECKPOINT_MUTATION)
      setSign({ kind: 'done', seq: data.signAccessLogCheckpoint ?? null })
      // Le résultat d'une vérification antérieure ne tient pas compte du nouveau point de contrôle.
      setVerify({ kind: 'idle' })
    } catch (error) {
      setSign({ kind: 'error', message: errorMessage(error) })
    }
  }

  const field = (name: keyof FilterDraft, label: string, type: 'text' | 'date', givenHint?: string) => {
    const id = `${ids}-${name}`
    const chosen = name === 'actorId' || name === 'objectId' ? picked[name] : undefined
    const hint =
      chosen && chosen.id === draft[name].trim()
        ? name === 'actorId'
          ? `Compte de : ${chosen.label}`
          : `Agent : ${chosen.label}${chosen.accountId ? ' (sa fiche et son compte)' : ''}`
        : givenHint
    const error = fieldErrors[name]
    const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
    return (
      <div className={`field field--${type}`}>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <span id={`${id}-hint`} className="field__hint">
            {hint}
          </span>
        )}
        <input
          ref={(el) => {
            fieldRefs.current[name] = el
          }}
          id={id}
          name={name}
          type={type}
          spellCheck={false}
          autoComplete="off"
          className={type === 'text' ? 'input--id' : undefined}
          value={draft[name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => {
            // Read now: the updater may run after React has restored the controlled value.
            const value = e.target.value
            setDraft((d) => ({ ...d, [name]: value }))
          }}
        />
        {error && (
          <span id={`${id}-error`} className="field__error">
            {error}
          </span>
        )}
      </div>
    )
  }

  const pageNumber = query.cursors.length
  const canGoOlder = entries.kind === 'ok' && entries.entries.length === ACCESS_LOG_PAGE_SIZE
  const hasFilter = Object.keys(query.filter).length > 0

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Journal des accès
      </h1>
      <p className="page-intro">
        Qui a consulté ou modifié quelles données, quand et pour quelle finalité. Le journal est chaîné et signé : sa
        vérification détecte toute entrée modifiée, supprimée ou réordonnée.
      </p>

      <section className="panel panel--wide" aria-labelledby={`${ids}-integrity`}>
        <h2 id={`${ids}-integrity`}>Intégrité du journal</h2>
        <div className="actions">
          <button type="button" className="button" onClick={runVerify} aria-disabled={verify.kind === 'loading'}>
            Vérifier l’intégrité
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={runSign}
            aria-disabled={sign.kind === 'loading'}
          >
            Signer un point de contrôle
          </button>
        </div>
        <div role="status" className="results-live">
          {verify.kind === 'loading' && <p className="notice notice--info">Vérification de la chaîne en cours…</p>}
          {verify.kind === 'done' && verify.result.intact && <VerificationResult result={verify.result} />}
          {sign.kind === 'loading' && <p className="notice notice--info">Signature en cours…</p>}
          {sign.kind === 'done' && (
            <p className="notice notice--info">
              {sign.seq === null
                ? 'Aucune nouvelle entrée à signer : le dernier point de contrôle couvre déjà tout le journal.'
                : `Point de contrôle signé jusqu’à l’entrée n° ${sign.seq}.`}
            </p>
          )}
        </div>
        {verify.kind === 'done' && !verify.result.intact && (
          <div role="alert">
            <VerificationResult result={verify.result} />
          </div>
        )}
        {verify.kind === 'error' && (
          <p role="alert" className="notice notice--error">
            Vérification impossible : {verify.message}
          </p>
        )}
        {sign.kind === 'error' && (
          <p role="alert" className="notice notice--error">
            Signature impossible : {sign.message}
          </p>
        )}
      </section>

      <section className="panel panel--wide" aria-labelledby={`${ids}-search`}>
        <h2 id={`${ids}-search`}>Rechercher</h2>
        <PersonPicker onPick={pick} />
        <h3>Filtres</h3>
        <form className="filters" noValidate onSubmit={search}>
          {field('actorId', 'Auteur (identifiant)', 'text')}
          {field('objectId', 'Objet ou personne (identifiant)', 'text')}
          {field('from', 'Période du', 'date')}
          {field('to', 'au', 'date')}
          <div className="actions filters__actions">
            <button type="submit" className="button">
              Rechercher
            </button>
            <button type="button" className="button button--secondary" onClick={reset}>
              Effacer les filtres
            </button>
          </div>
        </form>
      </section>

      <AccessLogExport filter={query.filter} />

      <section className="panel panel--wide" aria-labelledby={`${ids}-entries`} aria-busy={entries.kind === 'loading'}>
        <h2 id={`${ids}-entries`} ref={resultsHeading} tabIndex={-1}>
          Entrées{hasFilter ? ' correspondant aux filtres' : ''}
          {pageNumber > 1 ? ` — page ${pageNumber}` : ''}
        </h2>
        {entries.kind === 'loading' && <p className="notice notice--info">Chargement du journal…</p>}
        {entries.kind === 'error' && (
          <p role="alert" className="notice notice--error">
            Impossible de charger le journal : {entries.message}
          </p>
        )}
        {entries.kind === 'ok' && entries.entries.length === 0 && (
          <p className="notice notice--info">
            {pageNumber > 1
              ? 'Aucune entrée plus ancienne.'
              : hasFilter
                ? 'Aucune entrée ne correspond à ces critères.'
                : 'Le journal ne contient aucune entrée.'}
          </p>
        )}
        {entries.kind === 'ok' && entries.entries.length > 0 && <EntriesTable entries={entries.entries} />}
        <div className="actions pagination">
          {pageNumber > 1 && (
            <button type="button" className="button button--secondary" onClick={newer}>
              Plus récent
            </button>
          )}
          {canGoOlder && (
            <button type="button" className="button button--secondary" onClick={older}>
              Plus ancien
            </button>
          )}
        </div>
      </section>
    </>
  )
}

function EntriesTable({ entries }: { entries: AccessLogEntry[] }) {
  const first = entries[0].seq
  const last = entries[entries.length - 1].seq
  const caption = `Entrées n° ${first} à ${last}, les plus récentes d’abord`
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Date</th>
            <th scope="col">Auteur (id)</th>
            <th scope="col">Rôle</th>
            <th scope="col">Opération</th>
            <th scope="col">Objet</th>
            <th scope="col">Finalité</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td className="num">{entry.seq}</td>
              <td>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </td>
              <td>
                {entry.actorId === SYSTEM_ACTOR_ID ? (
                  <span title={entry.actorId}>Système</span>
                ) : (
                  <code className="id">{entry.actorId}</code>
                )}
              </td>
              <td>
                <RoleCell role={entry.actorRole} />
              </td>
              <td>{operationLabel(entry.operation)}</td>
              <td>
                {objectTypeLabel(entry.objectType)}
                <ObjectIds ids={entry.objectIds} />
              </td>
              <td>{purposeLabel(entry.purpose)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function RoleCell({ role }: { role: string }) {
  if (isRole(role) && ROLE_SHORT_LABELS[role] !== roleLabel(role)) {
    return <abbr title={roleLabel(role)}>{ROLE_SHORT_LABELS[role]}</abbr>
  }
  return <>{roleLabel(role)}</>
}

/** Identifiants des objets : liste courte, ou repliée au-delà de trois. */
function ObjectIds({ ids }: { ids: string[] }) {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return null
  const list = (
    <ul className="ids">
      {unique.map((id) => (
        <li key={id}>
          <code className="id">{id}</code>
        </li>
      ))}
    </ul>
  )
  if (unique.length <= 3) return list
  return (
    <details className="ids-details">
      <summary>{plural(unique.length, 'identifiant', 'identifiants')}</summary>
      {list}
    </details>
  )
}

function VerificationResult({ result }: { result: AccessLogVerification }) {
  if (result.intact) {
    return (
      <div className="notice notice--ok" data-testid="verification">
        <p>
          <strong>Journal intègre</strong> — {plural(result.entryCount, 'entrée vérifiée', 'entrées vérifiées')},{' '}
          {plural(result.checkpointsVerified, 'point de contrôle signé vérifié', 'points de contrôle signés vérifiés')}.
        </p>
        {result.unanchoredEntries > 0 && (
          <p>
            {plural(result.unanchoredEntries, 'entrée postérieure', 'entrées postérieures')} au dernier point de
            contrôle : signez un point de contrôle pour qu’une suppression en fin de journal soit détectable.
          </p>
        )}
      </div>
    )
  }
  return (
    <div className="notice notice--error" data-testid="verification">
      <p>
        <strong>Journal altéré</strong> : {result.breakKind ? breakKindLabel(result.breakKind) : 'rupture de la chaîne'}
        {result.breakSeq !== null && ` (entrée n° ${result.breakSeq})`}.
      </p>
      {result.message && <p>Détail : {result.message}</p>}
    </div>
  )
}
