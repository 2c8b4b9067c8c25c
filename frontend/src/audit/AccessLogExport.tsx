/** « Exporter la recherche » : CSV ou JSON de toutes les entrées des filtres appliqués. */
import { useId, useState } from 'react'
import { errorText } from '../planning/labels.ts'
import { useSessionManager } from '../auth/SessionContext.tsx'
import type { AccessLogFilter } from './accessLogApi.ts'
import {
  EXPORT_MAX_ENTRIES,
  downloadText,
  entriesToCsv,
  entriesToJson,
  exportFileName,
  fetchAllEntries,
  type ExportFormat,
} from './accessLogExport.ts'
import { plural } from './labels.ts'

type ExportState =
  | { kind: 'idle' }
  | { kind: 'loading'; format: ExportFormat }
  | { kind: 'done'; count: number; fileName: string; truncated: boolean }
  | { kind: 'error'; message: string }

export function AccessLogExport({ filter }: { filter: AccessLogFilter }) {
  const manager = useSessionManager()
  const [state, setState] = useState<ExportState>({ kind: 'idle' })
  const id = useId()

  const run = async (format: ExportFormat) => {
    if (state.kind === 'loading') return
    setState({ kind: 'loading', format })
    try {
      const { entries, truncated } = await fetchAllEntries((query, variables) => manager.request(query, variables), filter)
      const now = new Date()
      const fileName = exportFileName(format, now)
      if (format === 'csv') downloadText(entriesToCsv(entries), fileName, 'text/csv;charset=utf-8')
      else downloadText(entriesToJson(entries, filter, now), fileName, 'application/json')
      setState({ kind: 'done', count: entries.length, fileName, truncated })
    } catch (error) {
      setState({
        kind: 'error',
        message: errorText(error),
      })
    }
  }

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Exporter la recherche</h2>
      <p>Toutes les entrées qui répondent aux filtres appliqués (au plus {EXPORT_MAX_ENTRIES.toLocaleString('fr-FR')}). L’export est lui-même journalisé.</p>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void run('csv')} aria-disabled={state.kind === 'loading'}>
          Exporter en CSV
        </button>
        <button type="button" className="button button--secondary" onClick={() => void run('json')} aria-disabled={state.kind === 'loading'}>
          Exporter en JSON
        </button>
      </div>
      <div role="status" className="results-live">
        {state.kind === 'loading' && <p className="notice notice--info">Préparation de l’export {state.format.toUpperCase()}…</p>}
        {state.kind === 'done' && (
          <p className="notice notice--ok">
            {plural(state.count, 'entrée exportée', 'entrées exportées')} dans {state.fileName}
            {state.truncated ? ' (limite atteinte : resserrez les filtres pour tout exporter)' : ''}.
          </p>
        )}
      </div>
      {state.kind === 'error' && (
        <p role="alert" className="notice notice--error">
          Export impossible : {state.message}
        </p>
      )}
    </section>
  )
}
