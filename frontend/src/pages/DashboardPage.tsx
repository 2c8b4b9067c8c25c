import type { Me } from '../auth/authApi.ts'
import type { Role } from '../auth/roles.ts'

/** Ce qui arrive ensuite, par rôle (issue « interface web »). */
const NEXT_BY_ROLE: Partial<Record<Role, string>> = {
  unit_manager:
    "la grille de planning de votre unité (agents × jours, codes horaires, absences, desiderata), la couverture par poste face à la maquette, puis « Générer » et « Réparer » avec le suivi du calcul.",
  staff: 'votre planning consultable sur téléphone, vos compteurs, la saisie de vos desiderata et l’export iCalendar.',
  ght_admin:
    'la vue des établissements et des unités : couverture des semaines à venir, alertes, prêts de personnel suggérés entre unités.',
  site_manager:
    'la vue de votre établissement : couverture des unités sur les semaines à venir, alertes et prêts de personnel suggérés.',
  hr: 'les écrans de paramétrage : agents (avec import CSV ou Excel), types de postes, maquettes et cycles de travail.',
}

/** Accueil provisoire des rôles autres que le DPO. */
export function DashboardPage({ user }: { user: Me }) {
  const next = NEXT_BY_ROLE[user.role]
  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Tableau de bord
      </h1>
      <section className="panel" aria-labelledby="dashboard-next">
        <h2 id="dashboard-next">En préparation</h2>
        <p>Bienvenue dans Relève. Cet espace est encore vide : aucun planning n’y est affiché pour l’instant.</p>
        {next !== undefined && <p>Arrivent ensuite : {next}</p>}
      </section>
    </>
  )
}
