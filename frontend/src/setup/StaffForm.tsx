/**
 * Fiche d'un agent (création ou modification). Contrôles simples côté client (champs
 * obligatoires, quotité), puis les erreurs du serveur champ par champ (`BAD_USER_INPUT`).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { Field } from './Field.tsx'
import { formErrors } from './formErrors.ts'
import {
  CREATE_STAFF_MUTATION,
  UPDATE_STAFF_MUTATION,
  type SetupUnit,
  type StaffMemberInput,
  type StaffRow,
} from './setupApi.ts'

const PROFESSIONS = ['IDE', 'AS', 'IADE', 'IBODE', 'PH', 'INTERNE', 'SAGE-FEMME', 'ASH']

type Draft = Record<'firstName' | 'lastName' | 'email' | 'phone' | 'profession' | 'qualifications' | 'quotite' | 'homeUnitId', string>
const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'profession', 'qualifications', 'quotite', 'homeUnitId'] as const

function draftOf(person: StaffRow | null, units: SetupUnit[]): Draft {
  return {
    firstName: person?.firstName ?? '',
    lastName: person?.lastName ?? '',
    email: person?.email ?? '',
    phone: person?.phone ?? '',
    profession: person?.profession ?? 'IDE',
    qualifications: person?.qualifications.join(', ') ?? '',
    quotite: String(person?.quotite ?? 100),
    homeUnitId: person?.homeUnitId ?? units[0]?.id ?? '',
  }
}

/** Contrôles locaux ; le serveur reste juge (il renvoie le champ et la raison). */
export function checkStaffDraft(draft: Draft): Partial<Record<keyof Draft, string>> {
  const errors: Partial<Record<keyof Draft, string>> = {}
  if (draft.firstName.trim() === '') errors.firstName = 'Indiquez le prénom.'
  if (draft.lastName.trim() === '') errors.lastName = 'Indiquez le nom.'
  if (draft.profession.trim() === '') errors.profession = 'Indiquez la profession.'
  const quotite = Number(draft.quotite)
  if (!Number.isInteger(quotite) || quotite < 10 || quotite > 100) errors.quotite = 'La quotité est un nombre entier entre 10 et 100 (%).'
  if (draft.homeUnitId === '') errors.homeUnitId = 'Choisissez l’unité de rattachement.'
  return errors
}

function inputOf(draft: Draft, pool: boolean): StaffMemberInput {
  const optional = (text: string) => (text.trim() === '' ? null : text.trim())
  return {
    firstName: draft.firstName.trim(),
    lastName: draft.lastName.trim(),
    email: optional(draft.email),
    phone: optional(draft.phone),
    profession: draft.profession.trim(),
    qualifications: draft.qualifications
      .split(',')
      .map((q) => q.trim())
      .filter(Boolean),
    quotite: Number(draft.quotite),
    homeUnitId: draft.homeUnitId,
    pool,
  }
}

interface StaffFormProps {
  person: StaffRow | null
  units: SetupUnit[]
  onSaved: (person: StaffRow, created: boolean) => void
  onCancel: () => void
}

export function StaffForm({ person, units, onSaved, onCancel }: StaffFormProps) {
  const manager = useSessionManager()
  const [draft, setDraft] = useState<Draft>(() => draftOf(person, units))
  const [pool, setPool] = useState(person?.pool ?? false)
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const refs = useRef<Partial<Record<keyof Draft, HTMLInputElement | HTMLSelectElement | null>>>({})
  const heading = useRef<HTMLHeadingElement>(null)
  const id = useId()

  useEffect(() => {
    heading.current?.focus()
  }, [])

  const focusFirst = (found: Partial<Record<keyof Draft, string>>) => {
    const first = FIELDS.find((f) => found[f])
    if (first) refs.current[first]?.focus()
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    const local = checkStaffDraft(draft)
    setErrors(local)
    setGeneral(null)
    if (Object.keys(local).length > 0) {
      focusFirst(local)
      return
    }
    setSaving(true)
    try {
      const input = inputOf(draft, pool)
      if (person) {
        const data = await manager.request<{ updateStaffMember: StaffRow }>(UPDATE_STAFF_MUTATION, { id: person.id, input })
        onSaved(data.updateStaffMember, false)
      } else {
        const data = await manager.request<{ createStaffMember: StaffRow }>(CREATE_STAFF_MUTATION, { input })
        onSaved(data.createStaffMember, true)
      }
    } catch (error) {
      const found = formErrors(error, FIELDS)
      setErrors(found.fields)
      setGeneral(found.general)
      focusFirst(found.fields)
    } finally {
      setSaving(false)
    }
  }

  const set = (field: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }))
  const text = (field: keyof Draft, label: string, extra: Record<string, unknown> = {}) => (
    <Field
      label={label}
      value={draft[field]}
      onChange={set(field)}
      error={errors[field]}
      inputRef={(el) => {
        refs.current[field] = el
      }}
      {...extra}
    />
  )
  const title = person ? `Modifier la fiche de ${person.firstName ?? ''} ${person.lastName ?? ''}`.trim() : 'Nouvel agent'

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {general && (
        <p role="alert" className="notice notice--error">
          {general}
        </p>
      )}
      <form className="setup-form" noValidate onSubmit={(event) => void submit(event)}>
        {text('firstName', 'Prénom', { autoComplete: 'off' })}
        {text('lastName', 'Nom', { autoComplete: 'off' })}
        {text('email', 'Adresse électronique (facultative)', { type: 'email', autoComplete: 'off' })}
        {text('phone', 'Téléphone (facultatif)', { type: 'tel', autoComplete: 'off' })}
        <div className="field">
          <label htmlFor={`${id}-profession`}>Profession</label>
          <select
            id={`${id}-profession`}
            value={draft.profession}
            onChange={(event) => set('profession')(event.target.value)}
            aria-invalid={errors.profession ? true : undefined}
            aria-describedby={errors.profession ? `${id}-profession-error` : undefined}
            ref={(el) => {
              refs.current.profession = el
            }}
          >
            {[...new Set([...PROFESSIONS, draft.profession])].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          {errors.profession && (
            <p id={`${id}-profession-error`} className="field__error">
              {errors.profession}
            </p>
          )}
        </div>
        {text('qualifications', 'Qualifications', { hint: 'Séparées par des virgules, par exemple : IDE, tutorat.' })}
        {text('quotite', 'Quotité (%)', { type: 'number', min: 10, max: 100, step: 1, inputMode: 'numeric' })}
        <div className="field">
          <label htmlFor={`${id}-unit`}>Unité de rattachement</label>
          <select
            id={`${id}-unit`}
            value={draft.homeUnitId}
            onChange={(event) => set('homeUnitId')(event.target.value)}
            aria-invalid={errors.homeUnitId ? true : undefined}
            aria-describedby={errors.homeUnitId ? `${id}-unit-error` : undefined}
            ref={(el) => {
              refs.current.homeUnitId = el
            }}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.code} — {u.name}
              </option>
            ))}
          </select>
          {errors.homeUnitId && (
            <p id={`${id}-unit-error`} className="field__error">
              {errors.homeUnitId}
            </p>
          )}
        </div>
        <div className="field field--checkbox">
          <input id={`${id}-pool`} type="checkbox" checked={pool} onChange={(event) => setPool(event.target.checked)} aria-describedby={`${id}-pool-hint`} />
          <label htmlFor={`${id}-pool`}>Pool de suppléance</label>
          <p id={`${id}-pool-hint`} className="field__hint">
            Membre du pool : le moteur peut l’affecter sur les unités et sites autorisés. Sans cette case, une autorisation ailleurs en fait un volontaire.
          </p>
        </div>
        <div className="actions setup-form__actions">
          <button type="submit" className="button" aria-disabled={saving}>
            {person ? 'Enregistrer les modifications' : 'Créer l’agent'}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  )
}
