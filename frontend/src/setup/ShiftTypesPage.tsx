/**
 * « Types de poste » (paramétrage) : liste des postes du GHT, création et modification
 * (administrateur du GHT ; les autres rôles les consultent). Le code ne change plus une fois créé.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { errorText } from '../planning/labels.ts'
import { minutesToTime } from '../planning/calendar.ts'
import { Field } from './Field.tsx'
import { formErrors } from './formErrors.ts'
import {
  CREATE_SHIFT_TYPE_MUTATION,
  SETUP_SHIFT_TYPES_QUERY,
  UPDATE_SHIFT_TYPE_MUTATION,
  type SetupShiftTypesData,
  type ShiftTypeInput,
  type ShiftTypeRow,
} from './setupApi.ts'
import type { ShiftActivity } from '../api/schema.generated.ts'

interface Draft {
  code: string
  label: string
  start: string
  duration: string
  isNight: boolean
  qualifications: string
  activity: ShiftActivity
  /** Demi-journées (médecins) ; vide : déduites des horaires. */
  halfDays: string
  /** Pause en minutes ; vide : le minimum légal, prise dans le poste. */
  breakMinutes: string
}
const API_FIELDS = [
  'code',
  'label',
  'startMinute',
  'durationMinutes',
  'qualifications',
  'activity',
  'halfDays',
  'breakMinutes',
] as const
type DraftErrors = Partial<Record<(typeof API_FIELDS)[number], string>>

/** Activités d'un poste, pour les règles des médecins (la garde et la formation sont du temps de travail). */
export const ACTIVITY_LABELS: Record<ShiftActivity, string> = {
  WORK: 'Travail',
  GARDE: 'Garde',
  ASTREINTE: 'Astreinte',
  TRAINING: 'Formation',
}
const ACTIVITIES = Object.keys(ACTIVITY_LABELS) as ShiftActivity[]

/** « 2 » → 2 ; « » → null (valeur par défaut) ; `undefined` si ce n'est pas un entier positif ou nul. */
function optionalCount(text: string): number | null | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return null
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : undefined
}

/** « 06:45 » ou « 06h45 » → 405 ; `null` si l'heure est invalide. */
export function parseTime(text: string): number | null {
  const match = /^(\d{1,2})[:h](\d{2})$/i.exec(text.trim())
  if (!match) return null
  const [h, m] = [Number(match[1]), Number(match[2])]
  return h < 24 && m < 60 ? h * 60 + m : null
}

/** Contrôles locaux, puis l'entrée de l'API (ou les erreurs par champ). */
export function shiftInput(draft: Draft): { input: ShiftTypeInput | null; errors: DraftErrors } {
  const errors: DraftErrors = {}
  if (draft.code.trim() === '') errors.code = 'Indiquez le code (par exemple M, S, N).'
  if (draft.label.trim() === '') errors.label = 'Indiquez le libellé.'
  const start = parseTime(draft.start)
  if (start === null) errors.startMinute = 'Heure de début au format HH:MM, par exemple 06:45.'
  const duration = parseTime(draft.duration)
  if (duration === null || duration === 0) errors.durationMinutes = 'Durée au format HH:MM, non nulle, par exemple 07:30.'
  if (!ACTIVITIES.includes(draft.activity)) errors.activity = 'Choisissez l’activité du poste.'
  const halfDays = optionalCount(draft.halfDays)
  if (halfDays === undefined || (halfDays !== null && halfDays > 4))
    errors.halfDays = 'Demi-journées : un nombre entier de 0 à 4, ou vide pour les déduire des horaires.'
  const breakMinutes = optionalCount(draft.breakMinutes)
  if (breakMinutes === undefined || (breakMinutes !== null && duration !== null && duration > 0 && breakMinutes >= duration))
    errors.breakMinutes = 'Pause : un nombre entier de minutes, inférieur à la durée du poste, ou vide pour le minimum légal.'
  if (Object.keys(errors).length > 0 || start === null || duration === null || halfDays === undefined || breakMinutes === undefined)
    return { input: null, errors }
  return {
    input: {
      code: draft.code.trim(),
      label: draft.label.trim(),
      startMinute: start,
      durationMinutes: duration,
      isNight: draft.isNight,
      qualifications: draft.qualifications
        .split(',')
        .map((q) => q.trim())
        .filter(Boolean),
      activity: draft.activity,
      halfDays,
      breakMinutes,
    },
    errors,
  }
}

const EMPTY: Draft = {
  code: '',
  label: '',
  start: '',
  duration: '',
  isNight: false,
  qualifications: '',
  activity: 'WORK',
  halfDays: '',
  breakMinutes: '',
}
const draftOf = (s: ShiftTypeRow): Draft => ({
  code: s.code,
  label: s.label,
  start: minutesToTime(s.startMinute),
  duration: minutesToTime(s.durationMinutes),
  isNight: s.isNight,
  qualifications: s.qualifications.join(', '),
  activity: s.activity,
  halfDays: s.halfDays === null ? '' : String(s.halfDays),
  breakMinutes: s.breakMinutes === null ? '' : String(s.breakMinutes),
})

export function ShiftTypesPage({ canEdit }: { canEdit: boolean }) {
  const manager = useSessionManager()
  const [shifts, setShifts] = useState<ShiftTypeRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState<ShiftTypeRow | 'new' | null>(null)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<DraftErrors>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const formHeading = useRef<HTMLHeadingElement>(null)
  const refs = useRef<Partial<Record<keyof DraftErrors, HTMLInputElement | HTMLSelectElement | null>>>({})
  const id = useId()

  useEffect(() => {
    manager
      .request<SetupShiftTypesData>(SETUP_SHIFT_TYPES_QUERY)
      .then((data) => setShifts(data.shiftTypes))
      .catch((e) => setError(errorText(e)))
  }, [manager])

  useEffect(() => {
    if (editing) formHeading.current?.focus()
  }, [editing])

  const open = (target: ShiftTypeRow | 'new') => {
    setEditing(target)
    setDraft(target === 'new' ? EMPTY : draftOf(target))
    setErrors({})
    setGeneral(null)
    setSaved(null)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const { input, errors: local } = shiftInput(draft)
    setErrors(local)
    setGeneral(null)
    const first = API_FIELDS.find((f) => local[f])
    if (!input) {
      if (first) refs.current[first]?.focus()
      return
    }
    try {
      let row: ShiftTypeRow
      if (editing === 'new') {
        row = (await manager.request<{ createShiftType: ShiftTypeRow }>(CREATE_SHIFT_TYPE_MUTATION, { input })).createShiftType
        setShifts((list) => [...(list ?? []), row])
      } else if (editing) {
        row = (await manager.request<{ updateShiftType: ShiftTypeRow }>(UPDATE_SHIFT_TYPE_MUTATION, { id: editing.id, input }))
          .updateShiftType
        setShifts((list) => (list ?? []).map((s) => (s.id === row.id ? row : s)))
      } else return
      setSaved(`Type de poste ${row.code} — ${row.label} enregistré.`)
      setEditing(null)
    } catch (e) {
      const found = formErrors(e, API_FIELDS)
      setErrors(found.fields)
      setGeneral(found.general)
      const firstServer = API_FIELDS.find((f) => found.fields[f])
      if (firstServer) refs.current[firstServer]?.focus()
    }
  }

  const set = (field: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }))
  const ref = (field: keyof DraftErrors) => (el: HTMLInputElement | HTMLSelectElement | null) => {
    refs.current[field] = el
  }

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Types de poste
      </h1>
      <p className="page-intro">
        Les postes du GHT (matin, soir, nuit…) : code affiché dans la grille, horaires et qualifications requises.
        {canEdit ? '' : ' Seul l’administrateur du GHT les modifie.'}
      </p>

      <section className="panel panel--wide" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>Postes</h2>
        <div role="status" className="results-live">
          {saved && <p className="notice notice--ok">{saved}</p>}
        </div>
        {error && (
          <p role="alert" className="notice notice--error">
            {error}
          </p>
        )}
        {shifts === null && !error && <p className="notice notice--info">Chargement des types de poste…</p>}
        {shifts && shifts.length === 0 && <p className="notice notice--info">Aucun type de poste.</p>}
        {shifts && shifts.length > 0 && (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Libellé</th>
                  <th scope="col">Début</th>
                  <th scope="col">Durée</th>
                  <th scope="col">Nuit</th>
                  <th scope="col">Qualifications</th>
                  <th scope="col">Activité</th>
                  <th scope="col">Demi-journées</th>
                  <th scope="col">Pause</th>
                  {canEdit && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {shifts.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{s.code}</th>
                    <td>{s.label}</td>
                    <td>{minutesToTime(s.startMinute)}</td>
                    <td>{minutesToTime(s.durationMinutes)}</td>
                    <td>{s.isNight ? 'oui' : 'non'}</td>
                    <td>{s.qualifications.join(', ') || '—'}</td>
                    <td>{ACTIVITY_LABELS[s.activity] ?? s.activity}</td>
                    <td>{s.halfDays ?? 'selon horaires'}</td>
                    <td>{s.breakMinutes === null ? 'minimum légal' : `${s.breakMinutes} min`}</td>
                    {canEdit && (
                      <td>
                        <button type="button" className="button button--secondary button--small" onClick={() => open(s)} aria-label={`Modifier le poste ${s.code}`}>
                          Modifier
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canEdit && (
          <div className="actions">
            <button type="button" className="button" onClick={() => open('new')}>
              Nouveau type de poste
            </button>
          </div>
        )}
      </section>

      {editing && (
        <section className="panel panel--wide" aria-labelledby={`${id}-form`}>
          <h2 id={`${id}-form`} ref={formHeading} tabIndex={-1}>
            {editing === 'new' ? 'Nouveau type de poste' : `Modifier le poste ${editing.code}`}
          </h2>
          {general && (
            <p role="alert" className="notice notice--error">
              {general}
            </p>
          )}
          <form className="setup-form" noValidate onSubmit={(event) => void submit(event)}>
            <Field
              label="Code"
              value={draft.code}
              onChange={set('code')}
              error={errors.code}
              inputRef={ref('code')}
              readOnly={editing !== 'new'}
              hint={editing !== 'new' ? 'Le code ne change pas une fois créé.' : undefined}
              maxLength={8}
            />
            <Field label="Libellé" value={draft.label} onChange={set('label')} error={errors.label} inputRef={ref('label')} />
            <Field
              label="Début (HH:MM)"
              value={draft.start}
              onChange={set('start')}
              error={errors.startMinute}
              inputRef={ref('startMinute')}
              placeholder="06:45"
            />
            <Field
              label="Durée (HH:MM)"
              value={draft.duration}
              onChange={set('duration')}
              error={errors.durationMinutes}
              inputRef={ref('durationMinutes')}
              placeholder="07:30"
            />
            <Field
              label="Qualifications requises"
              value={draft.qualifications}
              onChange={set('qualifications')}
              error={errors.qualifications}
              inputRef={ref('qualifications')}
              hint="Séparées par des virgules ; vide : toute profession."
            />
            <div className="field field--checkbox">
              <input
                id={`${id}-night`}
                type="checkbox"
                checked={draft.isNight}
                onChange={(event) => setDraft((d) => ({ ...d, isNight: event.target.checked }))}
              />
              <label htmlFor={`${id}-night`}>Poste de nuit</label>
            </div>
            <div className="field">
              <label htmlFor={`${id}-activity`}>Activité</label>
              <p id={`${id}-activity-hint`} className="field__hint">
                Pour les règles des médecins : la garde et la formation comptent comme temps de travail, l’astreinte non (seuls ses
                déplacements).
              </p>
              <select
                id={`${id}-activity`}
                ref={ref('activity')}
                value={draft.activity}
                onChange={(event) => setDraft((d) => ({ ...d, activity: event.target.value as ShiftActivity }))}
                aria-invalid={errors.activity ? true : undefined}
                aria-describedby={[`${id}-activity-hint`, errors.activity ? `${id}-activity-error` : ''].filter(Boolean).join(' ')}
              >
                {ACTIVITIES.map((a) => (
                  <option key={a} value={a}>
                    {ACTIVITY_LABELS[a]}
                  </option>
                ))}
              </select>
              {errors.activity && (
                <p id={`${id}-activity-error`} className="field__error">
                  {errors.activity}
                </p>
              )}
            </div>
            <Field
              label="Demi-journées (médecins)"
              value={draft.halfDays}
              onChange={set('halfDays')}
              error={errors.halfDays}
              inputRef={ref('halfDays')}
              inputMode="numeric"
              hint="De 0 à 4 ; vide : déduites des horaires."
            />
            <Field
              label="Pause (minutes)"
              value={draft.breakMinutes}
              onChange={set('breakMinutes')}
              error={errors.breakMinutes}
              inputRef={ref('breakMinutes')}
              inputMode="numeric"
              hint="Prise dans le poste ; vide : le minimum légal."
            />
            <div className="actions setup-form__actions">
              <button type="submit" className="button">
                Enregistrer
              </button>
              <button type="button" className="button button--secondary" onClick={() => setEditing(null)}>
                Annuler
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  )
}
