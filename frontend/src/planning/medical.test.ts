import { describe, expect, it } from 'vitest'
import { MEDICAL_SHIFTS, REQUIREMENTS, SESSIONS, TEAM_ASSIGNMENTS } from './fixtures.ts'
import { activityMark, halfDayParts, isMedical, requirementApplies, sessionStatuses, sessionText, staffGroups } from './medical.ts'

const shift = (id: string) => MEDICAL_SHIFTS.find((s) => s.id === id)!

describe('planning médical', () => {
  it('range praticiens et internes dans le groupe médical, le reste dans le paramédical', () => {
    expect(isMedical({ profession: 'PH' })).toBe(true)
    expect(isMedical({ profession: 'int' })).toBe(true)
    expect(isMedical({ profession: 'IADE' })).toBe(false)
    const groups = staffGroups([{ profession: 'IDE' }, { profession: 'PH' }, { profession: 'AS' }, { profession: 'INT' }])
    expect(groups.paramedical.map((p) => p.profession)).toEqual(['IDE', 'AS'])
    expect(groups.medical.map((p) => p.profession)).toEqual(['PH', 'INT'])
  })

  it('découpe une cellule en demi-journées seulement si tous ses postes en sont', () => {
    expect(halfDayParts([shift('am'), shift('pm')])).toEqual({ morning: shift('am'), afternoon: shift('pm') })
    expect(halfDayParts([shift('pm')])).toEqual({ morning: null, afternoon: shift('pm') })
    expect(halfDayParts([shift('g')])).toBeNull()
    expect(halfDayParts([shift('am'), shift('g')])).toBeNull()
    expect(halfDayParts([])).toBeNull()
  })

  it('marque garde et astreinte par une icône et un mot', () => {
    expect(activityMark([shift('g')])).toMatchObject({ icon: '◆', word: 'garde' })
    expect(activityMark([shift('a')])).toMatchObject({ icon: '☎', word: 'astreinte' })
    expect(activityMark([shift('am')])).toBeNull()
  })

  it('donne à la n-ième séance du jour le n-ième agent de chaque poste : salle 1 complète, salle 2 non', () => {
    const [first, second] = sessionStatuses(SESSIONS, TEAM_ASSIGNMENTS, MEDICAL_SHIFTS, REQUIREMENTS)
    expect(first.session.room).toBe('Salle 1')
    expect(first.complete).toBe(true)
    expect(second.complete).toBe(false)
    expect(second.team.map((m) => [m.role, m.filled])).toEqual([
      ['chirurgien', true],
      ['anesthésiste', false],
      ['IADE', false],
      ['IBODE', false],
    ])
    // L'équipe de bloc porte l'exigence « tout ou rien » ; celle de la garde ne la concerne pas.
    expect(first.requirements.map((r) => r.id)).toEqual(['jr1'])
    expect(sessionText(second)).toBe(
      'Séance Salle 2 : équipe incomplète (chirurgien présent, anesthésiste manquant, IADE manquant, IBODE manquant). Exigence conjointe : équipe de la séance (tout ou rien) ; équipe de bloc (tout ou rien).',
    )
  })

  it('applique une exigence selon ses jours (0 = lundi) et sa période', () => {
    const weekend = REQUIREMENTS[1]
    expect(requirementApplies(weekend, '2026-12-05')).toBe(true) // samedi
    expect(requirementApplies(weekend, '2026-12-07')).toBe(false) // lundi
    expect(requirementApplies({ ...weekend, weekdays: [], effectiveTo: '2026-06-30' }, '2026-12-05')).toBe(false)
    expect(requirementApplies({ ...weekend, weekdays: [], effectiveFrom: '2027-01-01' }, '2026-12-05')).toBe(false)
  })
})
