/**
 * « Remplacements de qualification » (paramétrage, direction du GHT et des sites) : qui peut
 * tenir un poste exigeant une autre qualification, et ce que le moteur paie pour chaque poste
 * ainsi tenu (une IADE sur un poste d'IDE, jamais une AS sur un poste d'IDE : le serveur refuse).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { longDate } from '../planning/calendar.ts'
import { errorText } from '../planning/labels.ts'
import { Field } from './Field.tsx'
import { formErrors } from './formErrors.ts'
import {
  DELETE_SUBSTITUTION_MUTATION,
  SET_SUBSTITUTION_MUTATION,
  SUBSTITUTIONS_QUERY,
  type QualificationSubstitution,
  type SetSubstitutionVariables,
  type SubstitutionsData,
} from './parametersApi.ts'

const FIELDS = ['fromQualification', 'toQualification', 'cost', 'effectiveFrom'] as const
type Draft = Record<(typeof FIELDS)[number], string>
const EMPTY: Draft = { fromQualification: '', toQualification: '', cost: '', effectiveFrom: '' }

/** Contrôles locaux ; le serveur reste juge (l'échelle des qualifications, entre autres). */
export function checkSubstitution(d: Draft): Partial<Draft> {
  const found: Partial<Draft> = {}
  const code = /^[A-Za-z0-9_-]{1,32}$/
  if (!code.test(d.fromQualification.trim())) found.fromQualification = 'Un code de qualification (lettres et chiffres, 32 au plus), par exemple IADE.'
  if (!code.test(d.toQualification.trim())) found.toQualification = 'Un code de qualification (lettres et chiffres, 32 au plus), par exemple IDE.'
  else if (d.toQualification.trim().toUpperCase() === d.fromQualification.trim().toUpperCase())
    found.toQualification = 'Choisissez une qualification différente de la remplaçante.'
  const cost = Number(d.cost)
  if (d.cost.trim() === '' || !Number.isInteger(cost) || cost < 0 || cost > 10000) found.cost = 'Un nombre entier de 0 à 10 000.'
  if (d.effectiveFrom !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(d.effectiveFrom)) found.effectiveFrom = 'Une date, ou rien pour « toujours ».'
  return found
}

export function SubstitutionsPage() {
  const manager = useSessionManager()
  const id = useId()
  const [rows, setRows] = useState<QualificationSubstitution[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [reload, setReload] = useState(0)

  useEffect(() => {
    let live = true
    manager
      .request<SubstitutionsData>(SUBSTITUTIONS_QUERY)
      .then((d) => {
        if (!live) return
        setRows(d.qualificationSubstitutions)
        setError(null)
      })
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, reload])

  const remove = async (row: QualificationSubstitution) => {
    try {
      await manager.request(DELETE_SUBSTITUTION_MUTATION, { id: row.id })
      setStatus(`Remplacement ${row.fromQualification} → ${row.toQualification} retiré.`)
      setReload((n) => n + 1)
    } catch (e) {
      setError(errorText(e))
    }
  }

  const sorted = [...(rows ?? [])].sort(
    (a, b) =>
      a.toQualification.localeCompare(b.toQualification) ||
      a.fromQualification.localeCompare(b.fromQualification) ||
      (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? ''),
  )

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Remplacements de qualification
      </h1>
      <p className="page-intro">
        Qui peut tenir un poste exigeant une autre qualification, et le coût que le moteur compte pour chaque poste ainsi tenu
        (plus il est élevé, plus le remplacement reste l’exception). Une qualification plus basse ne remplace jamais une plus haute.
      </p>
      <div role="status" className="results-live">
        {status && <p className="notice notice--ok">{status}</p>}
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      <section className="panel panel--wide" aria-labelledby={`${id}-list`} aria-busy={rows === null && !error}>
        <h2 id={`${id}-list`}>Remplacements permis</h2>
        {rows === null && !error && <p className="notice notice--info">Chargement des remplacements…</p>}
        {rows && rows.length === 0 && <p className="notice notice--info">Aucun remplacement permis : chaque poste exige sa qualification.</p>}
        {rows && rows.length > 0 && (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Remplacements de qualification permis</caption>
              <thead>
                <tr>
                  <th scope="col">Poste exigeant</th>
                  <th scope="col">Peut être tenu par</th>
                  <th scope="col">Coût par poste</th>
                  <th scope="col">À partir du</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.id} data-substitution={`${r.fromQualification}|${r.toQualification}`}>
                    <th scope="row">{r.toQualification}</th>
                    <td>{r.fromQualification}</td>
                    <td>{r.cost}</td>
                    <td>{r.effectiveFrom ? longDate(r.effectiveFrom) : 'toujours'}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={`Retirer ${r.fromQualification} pour ${r.toQualification}${r.effectiveFrom ? ` du ${longDate(r.effectiveFrom)}` : ''}`}
                        onClick={() => void remove(r)}
                      >
                        Retirer
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <SubstitutionForm
        onSaved={(r) => {
          setStatus(`Remplacement enregistré : ${r.fromQualification} peut tenir un poste ${r.toQualification} (coût ${r.cost}).`)
          setReload((n) => n + 1)
        }}
      />
    </>
  )
}

function SubstitutionForm({ onSaved }: { onSaved: (r: QualificationSubstitution) => void }) {
  const manager = useSessionManager()
  const id = useId()
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<Partial<Draft>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const refs = useRef<Partial<Record<(typeof FIELDS)[number], HTMLInputElement | null>>>({})

  const focusFirst = (found: Partial<Draft>) => {
    const first = FIELDS.find((f) => found[f])
    if (first) refs.current[first]?.focus()
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    setGeneral(null)
    const local = checkSubstitution(draft)
    setErrors(local)
    if (Object.keys(local).length > 0) {
      focusFirst(local)
      return
    }
    const variables: SetSubstitutionVariables = {
      fromQualification: draft.fromQualification.trim().toUpperCase(),
      toQualification: draft.toQualification.trim().toUpperCase(),
      cost: Number(draft.cost),
      effectiveFrom: draft.effectiveFrom || null,
    }
    setSaving(true)
    try {
      const data = await manager.request<{ setQualificationSubstitution: QualificationSubstitution }>(SET_SUBSTITUTION_MUTATION, { ...variables })
      setDraft(EMPTY)
      onSaved(data.setQualificationSubstitution)
    } catch (e) {
      const found = formErrors(e, FIELDS)
      setErrors(found.fields)
      setGeneral(found.general)
      focusFirst(found.fields)
    } finally {
      setSaving(false)
    }
  }

  const field = (name: (typeof FIELDS)[number], label: string, extra: Record<string, unknown> = {}) => (
    <Field
      label={label}
      inputRef={(el) => {
        refs.current[name] = el
      }}
      value={draft[name]}
      onChange={(v) => setDraft((d) => ({ ...d, [name]: v }))}
      error={errors[name]}
      autoComplete="off"
      {...extra}
    />
  )

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Permettre un remplacement</h2>
      {general && (
        <p role="alert" className="notice notice--error">
          {general}
        </p>
      )}
      <form className="setup-form" noValidate onSubmit={(e) => void submit(e)}>
        {field('fromQualification', 'Qualification remplaçante', { hint: 'Par exemple IADE.' })}
        {field('toQualification', 'Peut tenir un poste exigeant', { hint: 'Par exemple IDE.' })}
        {field('cost', 'Coût par poste tenu', { inputMode: 'numeric', hint: 'De 0 à 10 000 : le prix que le moteur paie pour ce remplacement.' })}
        {field('effectiveFrom', 'À partir du (facultatif)', { type: 'date', hint: 'Vide : toujours.' })}
        <div className="actions setup-form__actions">
          <button type="submit" className="button" aria-disabled={saving}>
            Enregistrer le remplacement
          </button>
        </div>
      </form>
    </section>
  )
}
