/**
 * « Importer des agents » : un fichier CSV ou Excel (.xlsx), une ligne par agent. Le serveur
 * importe toutes les lignes ou aucune ; en cas d'erreur, chaque ligne refusée est listée avec
 * sa colonne et la raison en français.
 */
import { useId, useRef, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { errorText, plural } from '../planning/labels.ts'
import { IMPORT_STAFF_MUTATION, type ImportFormat, type ImportStaffData, type ImportRowError } from './setupApi.ts'

/** Le format d'un fichier d'après son extension, ou `null` s'il n'est pas pris en charge. */
export function importFormatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'CSV'
  if (lower.endsWith('.xlsx')) return 'XLSX'
  return null
}

/** Contenu envoyé au serveur : le texte d'un CSV, le classeur Excel en base64. */
export async function importContentOf(file: Blob, format: ImportFormat): Promise<string> {
  if (format === 'CSV') return file.text()
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  // By chunks: String.fromCharCode(...all) overflows the call stack on large workbooks.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'imported'; count: number }
  | { kind: 'refused'; errors: ImportRowError[] }
  | { kind: 'error'; message: string }

export function StaffImport({ onImported }: { onImported: (count: number) => void }) {
  const manager = useSessionManager()
  const id = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' })
  const errorsHeading = useRef<HTMLHeadingElement>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const file = fileInput.current?.files?.[0]
    if (!file) {
      setFileError('Choisissez un fichier CSV ou Excel (.xlsx).')
      fileInput.current?.focus()
      return
    }
    const format = importFormatOf(file.name)
    if (format === null) {
      setFileError(`Format non pris en charge (« ${file.name} ») : un fichier .csv ou .xlsx est attendu.`)
      fileInput.current?.focus()
      return
    }
    setFileError(null)
    setOutcome({ kind: 'sending' })
    try {
      const content = await importContentOf(file, format)
      const { importStaffMembers: report } = await manager.request<ImportStaffData>(IMPORT_STAFF_MUTATION, { format, content })
      if (report.errors.length > 0) {
        setOutcome({ kind: 'refused', errors: report.errors })
        requestAnimationFrame(() => errorsHeading.current?.focus())
      } else {
        setOutcome({ kind: 'imported', count: report.imported })
        if (fileInput.current) fileInput.current.value = ''
        onImported(report.imported)
      }
    } catch (e) {
      setOutcome({ kind: 'error', message: errorText(e) })
    }
  }

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Importer des agents</h2>
      <p>
        Un fichier CSV (séparateur « , » ou « ; », ligne d’en-tête en premier) ou Excel (.xlsx, première feuille). Colonnes
        obligatoires : <code>nom</code>, <code>prenom</code>, <code>profession</code>, <code>unite</code> (code de l’unité) ;
        facultatives : <code>email</code>, <code>telephone</code>, <code>quotite</code> (10 à 100),{' '}
        <code>qualifications</code> (séparées par « | »). Toutes les lignes sont importées, ou aucune.
      </p>
      <form className="setup-form" noValidate onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-file`}>Fichier à importer</label>
          <input
            id={`${id}-file`}
            ref={fileInput}
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${id}-file-error` : undefined}
            onChange={() => setFileError(null)}
          />
          {fileError && (
            <p id={`${id}-file-error`} className="field__error">
              {fileError}
            </p>
          )}
        </div>
        <div className="actions setup-form__actions">
          <button type="submit" className="button" aria-disabled={outcome.kind === 'sending'}>
            Importer
          </button>
        </div>
      </form>
      <div role="status" className="results-live">
        {outcome.kind === 'sending' && <p className="notice notice--info">Import en cours…</p>}
        {outcome.kind === 'imported' && (
          <p className="notice notice--ok">
            Import terminé : {plural(outcome.count, 'agent créé', 'agents créés')}.
          </p>
        )}
      </div>
      {outcome.kind === 'error' && (
        <p role="alert" className="notice notice--error">
          Import impossible : {outcome.message}
        </p>
      )}
      {outcome.kind === 'refused' && (
        <div className="import-errors">
          <p role="alert" className="notice notice--error">
            Aucun agent importé : {plural(outcome.errors.length, 'erreur', 'erreurs')} dans le fichier. Corrigez-les puis
            importez-le de nouveau.
          </p>
          <h3 ref={errorsHeading} tabIndex={-1} id={`${id}-errors`}>
            Lignes refusées
          </h3>
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-errors`}>
              <thead>
                <tr>
                  <th scope="col">Ligne</th>
                  <th scope="col">Colonne</th>
                  <th scope="col">Erreur</th>
                </tr>
              </thead>
              <tbody>
                {outcome.errors.map((e, index) => (
                  <tr key={`${e.row}-${e.column}-${index}`}>
                    <th scope="row">{e.row === 0 ? 'Fichier' : e.row}</th>
                    <td>{e.column || '—'}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  )
}
