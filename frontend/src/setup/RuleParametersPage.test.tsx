import { fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { addDays, today } from '../planning/calendar.ts'
import { AUTH, ME, gqlError, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { RuleParametersPage, sourceText } from './RuleParametersPage.tsx'
import { effectiveValues, type ParameterValue } from './parametersApi.ts'
import { formatParameterValue, valueHint } from './parameterFormat.ts'

const UNITS = { data: { units: { nodes: [{ id: 'u1', code: 'MED', name: 'Médecine', establishmentId: 'e1' }] } } }
const SITES = { data: { establishments: { nodes: [{ id: 'e1', finess: '590000001', name: 'CH Nord' }] } } }
const REST_SOURCE = [{ rule: 'FPH-REST-1', citation: 'art. 6, décret 2002-9' }]
const CATALOGUE = {
  data: {
    ruleParameterCatalogue: [
      // Labels and units as the server's catalogue gives them.
      { key: 'fph_daily_rest_minutes', label: 'Repos quotidien minimal', unit: 'MINUTES', defaultValue: '720', unverified: false, sources: REST_SOURCE },
      { key: 'desiderata_weight', label: 'Poids : souhaits des agents', unit: 'WEIGHT', defaultValue: '10', unverified: false, sources: [] },
    ],
  },
}
const day = today()
const value = (id: string, scope: ParameterValue['scope'], v: string, effectiveFrom: string): ParameterValue => ({
  id,
  scope,
  scopeId: scope === 'TENANT' ? null : scope === 'SITE' ? 'e1' : 'u1',
  key: 'fph_daily_rest_minutes',
  label: 'Repos quotidien minimal',
  value: v,
  effectiveFrom,
})
const VALUES = [
  value('t1', 'TENANT', '700', addDays(day, -300)),
  value('u-old', 'UNIT', '690', addDays(day, -100)),
  value('u-now', 'UNIT', '660', addDays(day, -10)),
  value('u-next', 'UNIT', '650', addDays(day, 30)),
]

beforeEach(() => sessionStorage.clear())

async function renderPage(role: string, handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const api = installFakeApi({ login: AUTH('t', 'r', role), me: ME(role), units: UNITS, establishments: SITES, ruleParameterCatalogue: CATALOGUE, ...handlers })
  const manager = new SessionManager()
  await manager.login('cadre@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <RuleParametersPage />
    </SessionProvider>,
  )
  return api
}

describe('règles : calculs', () => {
  it('la portée la plus précise l’emporte, puis la date d’effet la plus récente déjà atteinte', () => {
    expect(effectiveValues(VALUES, day).get('fph_daily_rest_minutes')?.id).toBe('u-now')
    expect(effectiveValues(VALUES, addDays(day, 30)).get('fph_daily_rest_minutes')?.id).toBe('u-next')
    expect(effectiveValues(VALUES.slice(0, 1), day).get('fph_daily_rest_minutes')?.id).toBe('t1')
    expect(formatParameterValue('MINUTES', '660')).toBe('11 h 00 (660 min)')
    expect(formatParameterValue('MINUTE_OF_DAY', '1260')).toBe('21h00')
    expect(formatParameterValue('DATE', '"2025-01-06"')).toBe('06/01/2025')
    expect(formatParameterValue('BOOL', 'true')).toBe('oui')
    expect(formatParameterValue('WEIGHT', '660')).toBe('660')
    expect(valueHint('MONTH')).toBe('Un numéro de mois, de 1 à 12.')
    expect(sourceText([])).toBe('Choix local : aucun texte ne le fixe')
  })
})

describe('RuleParametersPage', () => {
  it('montre les valeurs de l’unité, celle en vigueur, et la source légale de chaque paramètre', async () => {
    await renderPage('unit_manager', { ruleParameters: { data: { ruleParameters: VALUES } } })
    const values = await screen.findByRole('region', { name: 'Valeurs fixées pour MED — Médecine' })
    const now = await within(values).findByRole('row', { name: /11 h 00 \(660 min\)/ })
    expect(now).toHaveTextContent('Unité MED')
    expect(now).toHaveTextContent('en vigueur')
    expect(now).toHaveTextContent('FPH-REST-1 — art. 6, décret 2002-9')
    expect(within(values).getByRole('row', { name: /650 min/ })).toHaveTextContent('à venir')
    expect(within(values).getByRole('row', { name: /690 min/ })).toHaveTextContent('remplacée')
    expect(within(values).getByRole('row', { name: /700 min/ })).toHaveTextContent('GHT')
    const catalogue = screen.getByRole('region', { name: 'Catalogue des paramètres et sources légales' })
    expect(within(catalogue).getByRole('row', { name: /Repos quotidien minimal/ })).toHaveTextContent('11 h 00 (660 min) (Unité MED)')
    expect(within(catalogue).getByRole('row', { name: /souhaits des agents/ })).toHaveTextContent('Choix local : aucun texte ne le fixe')
    // A cadre sets values for the unit only.
    const form = screen.getByRole('region', { name: 'Fixer une valeur' })
    expect(within(within(form).getByLabelText('Portée')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Unité MED'])
  })

  it('fixe une valeur : refus du serveur à côté du champ, puis succès', async () => {
    const saved = value('u-new', 'SITE', '600', day)
    const api = await renderPage('ght_admin', {
      ruleParameters: { data: { ruleParameters: [] } },
      setRuleParameter: [
        {
          data: null,
          errors: [{ message: 'value : valeur invalide pour fph_daily_rest_minutes', extensions: { code: 'BAD_USER_INPUT', field: 'value' } }],
        },
        { data: { setRuleParameter: saved } },
      ],
      deleteRuleParameter: gqlError('paramètre introuvable', 'NOT_FOUND'),
    })
    expect(await screen.findByText('Aucune valeur locale : les défauts des textes s’appliquent à toutes les règles.')).toBeInTheDocument()
    const form = screen.getByRole('region', { name: 'Fixer une valeur' })
    expect(within(form).getByLabelText('Paramètre')).toHaveAccessibleDescription(/Source : FPH-REST-1 — art\. 6, décret 2002-9\. Défaut : 12 h 00/)
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la valeur' }))
    expect(within(form).getByText('Indiquez la valeur.')).toBeInTheDocument()
    fireEvent.change(within(form).getByLabelText('Valeur'), { target: { value: 'onze heures' } })
    fireEvent.change(within(form).getByLabelText('Portée'), { target: { value: 'SITE' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la valeur' }))
    expect(await within(form).findByText('Valeur invalide pour fph_daily_rest_minutes.')).toBeInTheDocument()
    expect(within(form).getByLabelText('Valeur')).toHaveAttribute('aria-invalid', 'true')
    expect(api.callsTo('setRuleParameter')[0].variables).toEqual({
      scope: 'SITE',
      scopeId: 'e1',
      key: 'fph_daily_rest_minutes',
      value: 'onze heures',
      effectiveFrom: day,
    })
    fireEvent.change(within(form).getByLabelText('Valeur'), { target: { value: '600' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la valeur' }))
    expect(await screen.findByText(/Repos quotidien minimal : 10 h 00 \(600 min\) \(Site CH Nord\) à partir du/)).toBeInTheDocument()
  })

  it('dit en français qu’une valeur à retirer n’existe plus', async () => {
    await renderPage('unit_manager', {
      ruleParameters: { data: { ruleParameters: [VALUES[1]] } },
      deleteRuleParameter: gqlError('paramètre introuvable', 'NOT_FOUND'),
    })
    fireEvent.click(await screen.findByRole('button', { name: /^Retirer Repos quotidien minimal \(Unité MED/ }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Élément introuvable (supprimé, ou hors de votre périmètre). Paramètre introuvable.')
  })
})
