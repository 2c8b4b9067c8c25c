/**
 * Écriture des valeurs des paramètres de règles selon leur unité. Le libellé français et
 * l'unité de chaque clé viennent du catalogue du serveur (`ruleParameterCatalogue { label unit }`).
 */
import type * as S from '../api/schema.generated.ts'

export type ParameterUnit = S.ParameterValueUnit

/** La valeur (texte JSON de l'API) lisible : « 11 h 00 (660 min) », « oui », une date… */
export function formatParameterValue(unit: ParameterUnit | undefined, value: string): string {
  const raw = value.replace(/^"|"$/g, '')
  if (raw === 'true') return 'oui'
  if (raw === 'false') return 'non'
  const n = Number(raw)
  if (unit === 'MINUTES' && Number.isInteger(n)) {
    return `${Math.floor(n / 60)} h ${String(n % 60).padStart(2, '0')} (${n} min)`
  }
  if (unit === 'MINUTE_OF_DAY' && Number.isInteger(n)) return `${String(Math.floor(n / 60)).padStart(2, '0')}h${String(n % 60).padStart(2, '0')}`
  if (unit === 'PERCENT') return `${raw} %`
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const [y, m, d] = raw.split('-')
    return `${d}/${m}/${y}`
  }
  return raw
}

/** Indication de saisie selon l'unité du paramètre. */
export function valueHint(unit: ParameterUnit | undefined): string {
  switch (unit) {
    case 'MINUTES':
      return 'En minutes (par exemple 660 pour 11 h).'
    case 'MINUTE_OF_DAY':
      return 'Minute de la journée (par exemple 1260 pour 21h00).'
    case 'BOOL':
      return '« true » (oui) ou « false » (non).'
    case 'DATE':
      return 'Une date AAAA-MM-JJ.'
    case 'PERCENT':
      return 'Un pourcentage entier.'
    case 'MONTH':
      return 'Un numéro de mois, de 1 à 12.'
    default:
      return 'Un nombre entier.'
  }
}
