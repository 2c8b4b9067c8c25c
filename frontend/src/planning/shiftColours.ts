/** Couleur d'un code horaire : classes CSS `shift--*` (contraste AA texte/fond). */
const KNOWN: Record<string, string> = { M: 'morning', S: 'evening', N: 'night', J: 'day' }
const PALETTE = ['p1', 'p2', 'p3', 'p4']

export function shiftClass(code: string, isNight = false): string {
  if (KNOWN[code]) return `shift--${KNOWN[code]}`
  if (isNight) return 'shift--night'
  let hash = 0
  for (const ch of code) hash = (hash * 31 + ch.charCodeAt(0)) % 997
  return `shift--${PALETTE[hash % PALETTE.length]}`
}
