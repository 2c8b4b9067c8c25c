/**
 * Export de la recherche courante du journal des accès : toutes les entrées qui répondent aux
 * filtres (pas seulement la page affichée), en CSV (tableur) ou JSON, téléchargées par le
 * navigateur. Chaque page lue par l'export est elle-même journalisée par le serveur.
 */
import type { AccessLogEntry, AccessLogFilter } from './accessLogApi.ts'
import { ACCESS_LOG_QUERY } from './accessLogApi.ts'

/** Plus grande page que le serveur accepte. */
const EXPORT_PAGE_SIZE = 200
/** Au-delà, l'auditeur doit resserrer ses filtres. */
export const EXPORT_MAX_ENTRIES = 10_000

export type ExportFormat = 'csv' | 'json'

type Request = <T>(query: string, variables: Record<string, unknown>) => Promise<T>

/** Lit toutes les entrées des filtres, de la plus récente à la plus ancienne. */
export async function fetchAllEntries(request: Request, filter: AccessLogFilter): Promise<{ entries: AccessLogEntry[]; truncated: boolean }> {
  const entries: AccessLogEntry[] = []
  let beforeSeq: number | null = null
  for (;;) {
    const data: { accessLog: AccessLogEntry[] } = await request<{ accessLog: AccessLogEntry[] }>(ACCESS_LOG_QUERY, {
      ...filter,
      first: EXPORT_PAGE_SIZE,
      ...(beforeSeq === null ? {} : { beforeSeq }),
    })
    const page = data.accessLog ?? []
    entries.push(...page)
    if (entries.length >= EXPORT_MAX_ENTRIES) return { entries: entries.slice(0, EXPORT_MAX_ENTRIES), truncated: true }
    if (page.length < EXPORT_PAGE_SIZE) return { entries, truncated: false }
    beforeSeq = page[page.length - 1].seq
  }
}

const CSV_HEADER = ['n°', 'date', 'auteur', 'rôle', 'opération', "type d'objet", 'objets', 'finalité']

/** Une cellule CSV : entre guillemets si besoin, et jamais lue comme une formule par un tableur. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** CSV séparé par des points-virgules (tableurs français), lignes CRLF. */
export function entriesToCsv(entries: AccessLogEntry[]): string {
  const rows = entries.map((e) =>
    [String(e.seq), e.at, e.actorId, e.actorRole, e.operation, e.objectType, e.objectIds.join(' '), e.purpose].map(csvCell).join(';'),
  )
  return [CSV_HEADER.join(';'), ...rows].join('\r\n') + '\r\n'
}

export function entriesToJson(entries: AccessLogEntry[], filter: AccessLogFilter, exportedAt: Date): string {
  return JSON.stringify({ exportedAt: exportedAt.toISOString(), filter, count: entries.length, entries }, null, 2)
}

/** `journal-des-acces-2026-11-22.csv` */
export function exportFileName(format: ExportFormat, at: Date): string {
  return `journal-des-acces-${at.toISOString().slice(0, 10)}.${format}`
}

/** Fait télécharger `text` par le navigateur sous `fileName`. */
export function downloadText(text: string, fileName: string, mime: string) {
  // BOM: spreadsheets then read the CSV as UTF-8 (accents).
  const blob = new Blob([mime.startsWith('text/csv') ? '\ufeff' : '', text], { type: mime })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
