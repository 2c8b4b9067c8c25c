// Fichier généré par scripts/schema-types.mjs depuis src/api/schema.json : ne pas modifier.
/* eslint-disable */

export interface Absence {
  id: string
  staffId: string
  startDate: string
  endDate: string
  category: AbsenceCategory
  /** For the `hr` role only; null for everyone else. */
  reason: string | null
}

/** A category only: never a diagnosis. */
export type AbsenceCategory = 'LEAVE' | 'UNPLANNED' | 'TRAINING' | 'UNION' | 'OTHER'

export interface AbsenceConnection {
  /** Information to aid in pagination. */
  pageInfo: PageInfo
  /** A list of edges. */
  edges: Array<AbsenceEdge>
  /** A list of nodes. */
  nodes: Array<Absence>
}

/** An edge in a connection. */
export interface AbsenceEdge {
  /** The item at the end of the edge */
  node: Absence
  /** A cursor for use in pagination */
  cursor: string
}

export interface AbsenceRecordInput {
  staffId: string
  startDate: string
  /** Inclusive. */
  endDate: string
  category: AbsenceCategory
  /** Free text for HR (sealed; never a diagnosis). */
  reason?: string | null
}

export interface AccessLogEntry {
  seq: number
  at: string
  actorId: string
  actorRole: string
  operation: string
  objectType: string
  objectIds: Array<string>
  purpose: string
}

/** The result of recomputing the chain. */
export interface AccessLogVerification {
  /** `true` when every entry and checkpoint is intact. */
  intact: boolean
  entryCount: number
  lastSeq: number
  checkpointsVerified: number
  /** Entries after the last checkpoint (a deletion there cannot be proven). */
  unanchoredEntries: number
  /** On a break: `edited`, `deleted`, `reordered`, `truncated` or `forged_checkpoint`. */
  breakKind: string | null
  breakSeq: number | null
  /** French summary for the auditor. */
  message: string
}

export interface Assignment {
  staffId: string
  date: string
  shiftTypeId: string
}

export interface AssignmentChange {
  staffId: string
  date: string
  /** Shift types before and after (empty: off). */
  before: Array<string>
  after: Array<string>
}

/** The outcome of an edit: the new version and the rule check of it. */
export interface AssignmentEditResult {
  roster: Roster
  version: number
  violations: Array<RuleViolation>
  /** People told of a change to the published roster. */
  notifiedStaffIds: Array<string>
}

/** Tokens for a session. The access token goes in `Authorization: Bearer`; the refresh token is exchanged with `refreshSession` before the access token expires. */
export interface AuthPayload {
  accessToken: string
  accessExpiresAt: string
  refreshToken: string
  refreshExpiresAt: string
  role: string
}

/** A rule that kept colleagues from a shift, and how many of them. */
export interface BlockingRule {
  rule: string
  /** French. */
  label: string
  /** The legal source, when the rule has one. */
  source: string | null
  colleagues: number
}

/** Why one person holds the shifts of one day (« Pourquoi cette personne ? »). */
export interface CellExplanation {
  rosterId: string
  version: number
  staffId: string
  date: string
  /** One entry per shift held that day, as in `RosterExplanations.assignments`: `{staff, day, shift, alternatives: [{staff, blocked, reasons: [{rule, source, staff, message}], cost, text}], text}` (empty on a day off). */
  assignments: unknown
}

export interface CreateUnitInput {
  establishmentId: string
  poleId?: string | null
  code: string
  name: string
}

/** The kinds of day a maquette distinguishes (holidays count as Sundays). */
export type DayType = 'WEEKDAY' | 'SATURDAY' | 'SUNDAY_HOLIDAY'

export interface Desiderata {
  id: string
  staffId: string
  date: string
  /** Null: the whole day. */
  shiftTypeId: string | null
  kind: WishKind
}

export interface DesiderataConnection {
  /** Information to aid in pagination. */
  pageInfo: PageInfo
  /** A list of edges. */
  edges: Array<DesiderataEdge>
  /** A list of nodes. */
  nodes: Array<Desiderata>
}

/** An edge in a connection. */
export interface DesiderataEdge {
  /** The item at the end of the edge */
  node: Desiderata
  /** A cursor for use in pagination */
  cursor: string
}

export interface Establishment {
  id: string
  finess: string
  name: string
}

export interface EstablishmentConnection {
  /** Information to aid in pagination. */
  pageInfo: PageInfo
  /** A list of edges. */
  edges: Array<EstablishmentEdge>
  /** A list of nodes. */
  nodes: Array<Establishment>
}

/** An edge in a connection. */
export interface EstablishmentEdge {
  /** The item at the end of the edge */
  node: Establishment
  /** A cursor for use in pagination */
  cursor: string
}

/** One file of an export. */
export interface ExportFile {
  /** e.g. `fiche.csv`, `affectations.csv`. */
  name: string
  content: string
}

export type ExportFormat = 'CSV' | 'JSON'

/** What one published roster gave a person. */
export interface FairnessEntry {
  rosterId: string
  rosterVersion: number
  periodStart: string
  periodEnd: string
  nights: number
  weekends: number
  holidays: number
  refusedWishes: number
}

export type ImportFormat = 'CSV' | 'XLSX'

/** A refused row: nothing of the file was kept. */
export interface ImportRowError {
  /** Row number in the spreadsheet (the header is row 1; 0: the whole file). */
  row: number
  /** Column name as in the header (empty: the whole row or file). */
  column: string
  /** Why, in French. */
  message: string
}

/** A solve job as the client sees it. */
export interface Job {
  id: string
  state: JobState
  attempts: number
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  summary: JobSummary | null
  progress: JobProgress | null
  /** French reason when the job failed. */
  error: string | null
  /** The roster found (engine JSON format), once finished. */
  roster: unknown | null
}

export interface JobProgress {
  jobId: string
  state: JobState
  elapsed: number | null
  objective: number | null
  bound: number | null
}

export type JobState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED'

export interface JobSummary {
  status: string
  objective: number | null
  lowerBound: number | null
  hardViolations: number | null
  seconds: number
  cancelled: boolean
}

/** How a joint requirement ties its shifts together. */
export type JointKind = 'ALL_OR_NONE' | 'AT_LEAST'

export interface JointRequirement {
  id: string
  unitId: string
  kind: JointKind
  shiftTypeIds: Array<string>
  /** Weekdays it applies on (0 = Monday); empty = every day. */
  weekdays: Array<number>
  count: number
  weight: number
  label: string
  effectiveFrom: string
  effectiveTo: string | null
}

export interface MaquetteDemand {
  id: string
  unitId: string
  dayType: DayType
  shiftTypeId: string
  /** Null: everyone counts. */
  qualification: string | null
  min: number
  target: number
}

export interface MaquetteDemandInput {
  unitId: string
  dayType: DayType
  shiftTypeId: string
  qualification?: string | null
  min: number
  target: number
}

/** The signed-in account. */
export interface Me {
  userId: string
  role: string
  tenantSlug: string
  tenantName: string
  /** The person's staff record (their roster, counters and desiderata), when the account is linked to one; null for an account without a staff record (auditor, admin...). */
  staffId: string | null
  /** The home unit of that staff record. */
  homeUnitId: string | null
  /** The account's e-mail (personal data: decrypted on demand, and the consultation is written to the access log). */
  email: string | null
}

/** Every mutation, one object per area. */
export interface MutationRoot {
  /** Signs in with an e-mail and a password. */
  login: AuthPayload
  /** Exchanges a refresh token for new tokens; the old refresh token is spent. */
  refreshSession: AuthPayload
  /** Right to erasure (GHT management only): destroys the person's key, so their personal fields become unreadable everywhere, backups included; ends their sessions. */
  eraseAccount: boolean
  /** Ends the session of a refresh token. Always answers `true`. */
  logout: boolean
  /** Signs a checkpoint of the current head of the chain; returns its sequence number, or null when there is nothing new to sign. */
  signAccessLogCheckpoint: number | null
  /** Queues a solve of a planning problem (engine JSON format, pseudonymous ids). With `repairAlternatives`, re-plans the problem's `reference` (a published roster) instead and proposes up to that many repairs (1 to 5); the job's roster is the best. */
  submitSolve: Job
  /** Cancels a job; a running solve stops and keeps its best roster. */
  cancelJob: Job
  /** Adds an establishment (GHT management). */
  createEstablishment: Establishment
  renameEstablishment: Establishment
  createPole: Pole
  createUnit: Unit
  /** Renames a unit or moves it to another pôle of its establishment (`clearPole: true` takes it out of any pôle). */
  updateUnit: Unit
  /** Sets the sites and units an account acts on (GHT management); returns the scopes. */
  setUserScopes: Array<string>
  createShiftType: ShiftType
  /** Changes a shift type (its code stays). */
  updateShiftType: ShiftType
  /** Sets one line of a unit's maquette; `min` and `target` both 0 remove it (returns null). */
  setMaquetteDemand: MaquetteDemand | null
  /** Creates a person (first name, last name, profession and home unit required). */
  createStaffMember: StaffMember
  /** Right to erasure of a person (HR or GHT management), with or without an account: their key is destroyed, names and contacts become unreadable everywhere and their search indexes are shredded; the pseudonymous record stays for the legal HR minima. */
  eraseStaffMember: boolean
  updateStaffMember: StaffMember
  /** The signed-in person wishes to work (`ON`) or not (`OFF`) a day, or one shift of it. */
  submitDesiderata: Desiderata
  /** Removes one of the signed-in person's own wishes. */
  deleteDesiderata: boolean
  /** Records an absence (HR). */
  recordAbsence: Absence
  /** Creates an empty draft roster for a unit and period (at most 92 days). */
  createRoster: Roster
  /** Sets what one person works on one day (a new version), checked against every rule. */
  setAssignment: AssignmentEditResult
  /** Accepts a hard violation of the current version, with a reason code (attributed, logged). */
  overrideViolation: RosterOverride
  /** Queues a solve of the roster; its result becomes a new version when the job succeeds. */
  requestRosterSolve: Job
  proposeRoster: Roster
  /** Refused while any hard violation has no override. */
  validateRoster: Roster
  /** Publishes a validated roster; less than 15 days before its start a reason code is required (FPH-TDS-2). */
  publishRoster: Roster
  /** Creates one person per row (columns `nom`, `prenom`, `profession`, `unite`, and optionally `email`, `telephone`, `quotite`, `qualifications` separated by `|`). All rows or none. */
  importStaffMembers: StaffImportReport
  /** Replaces a draft roster's assignments with the file's (columns `agent`, `date`, `poste`), as a new version. All rows or none. */
  importRoster: RosterImportReport
  /** Sets a parameter from a date for the GHT (`ght_admin`), a site (its site manager) or a unit (its cadre); a value set for the same scope, key and date is replaced. */
  setRuleParameter: RuleParameter
  /** Removes a parameter value (same rights as setting it). */
  deleteRuleParameter: boolean
  /** Sets the travel time between two sites, both ways (GHT management). */
  setTravelTime: TravelTime
  /** Lets holders of `fromQualification` fill slots requiring `toQualification` at `cost` per shift, from `effectiveFrom` (null: always); the value of the same pair and date is replaced. Never a lower qualification for a higher one (an AS for an IDE). GHT and site management. */
  setQualificationSubstitution: QualificationSubstitution
  /** Removes a substitution value (same rights as setting it). */
  deleteQualificationSubstitution: boolean
  /** Creates a trame for a unit (its planners) or, without `unitId`, for the whole GHT (GHT management). `pattern`: 7 × `weeks` shift codes, null for a day off. */
  createWorkCycle: WorkCycle
  /** Renames a trame or changes its weeks and days (same rights as creating it). */
  updateWorkCycle: WorkCycle
  /** Deletes a trame nobody follows (CONFLICT otherwise; same rights as creating it). */
  deleteWorkCycle: boolean
  /** Puts a person on line `line` (default 1) of a trame from a Monday. */
  assignWorkCycle: StaffCycle
  /** Adds a session to a theatre unit's programme, or replaces the team and weight of the room's session that day (planners of the unit). `weight` defaults to 500. */
  setTheatreSession: TheatreSession
  /** Removes a session from the programme (planners of its unit). */
  deleteTheatreSession: boolean
  /** Adds a joint requirement to a unit (planners of the unit). `weekdays` empty = every day; `weight` is the cost of a team not held (ALL_OR_NONE). */
  createJointRequirement: JointRequirement
  /** Records the réalisé of a person's period (both days included): worked minutes and the overtime among them. `hr`, or the cadre of the person's home unit. A period already recorded must be given with its end; overlapping another one is refused. Logged. */
  recordWorkedTime: StaffCounter
  /** Records the days of leave a person took over a period (`hr`). Logged. */
  recordLeaveTaken: StaffCounter
  /** Sets a person's compte épargne-temps balance at the end of a period, in days (`hr`). The next rosters' CET alerts start from the latest balance entered. Logged. */
  setCetBalance: StaffCounter
  /** Removes a joint requirement (planners of its unit). */
  deleteJointRequirement: boolean
  /** Queues a repair of a published roster after new absences or demand changes: as few assignments and people changed as possible, the past frozen, changes within 48 h flagged, own unit then pool, volunteers, another site, then overtime. Its best alternative becomes a new version and the roster goes to `PROPOSED`; read every alternative with `rosterRepair(jobId)`. */
  requestRosterRepair: Job
  /** Makes another alternative of a finished repair the roster's proposed version (a new version): `alternative` is its `rank` in `rosterRepair.alternatives` (1 = the best, which the repair already proposed). The roster must still be that repair's proposal. */
  adoptRosterRepair: Roster
}

export interface MutationRootLoginArgs {
  email: string
  password: string
}

export interface MutationRootRefreshSessionArgs {
  refreshToken: string
}

export interface MutationRootEraseAccountArgs {
  userId: string
}

export interface MutationRootLogoutArgs {
  refreshToken: string
}

export interface MutationRootSubmitSolveArgs {
  problem: unknown
  timeLimit: number
  seed: number
  maxIterations?: number | null
  repairAlternatives?: number | null
}

export interface MutationRootCancelJobArgs {
  id: string
}

export interface MutationRootCreateEstablishmentArgs {
  finess: string
  name: string
}

export interface MutationRootRenameEstablishmentArgs {
  id: string
  name: string
}

export interface MutationRootCreatePoleArgs {
  establishmentId: string
  name: string
}

export interface MutationRootCreateUnitArgs {
  input: CreateUnitInput
}

export interface MutationRootUpdateUnitArgs {
  id: string
  name?: string | null
  poleId?: string | null
  clearPole: boolean
}

export interface MutationRootSetUserScopesArgs {
  userId: string
  siteIds: Array<string>
  unitIds: Array<string>
}

export interface MutationRootCreateShiftTypeArgs {
  input: ShiftTypeInput
}

export interface MutationRootUpdateShiftTypeArgs {
  id: string
  input: ShiftTypeInput
}

export interface MutationRootSetMaquetteDemandArgs {
  input: MaquetteDemandInput
}

export interface MutationRootCreateStaffMemberArgs {
  input: StaffMemberInput
}

export interface MutationRootEraseStaffMemberArgs {
  id: string
}

export interface MutationRootUpdateStaffMemberArgs {
  id: string
  input: StaffMemberInput
}

export interface MutationRootSubmitDesiderataArgs {
  date: string
  shiftTypeId?: string | null
  kind: WishKind
}

export interface MutationRootDeleteDesiderataArgs {
  id: string
}

export interface MutationRootRecordAbsenceArgs {
  input: AbsenceRecordInput
}

export interface MutationRootCreateRosterArgs {
  unitId: string
  periodStart: string
  periodEnd: string
}

export interface MutationRootSetAssignmentArgs {
  input: SetAssignmentInput
}

export interface MutationRootOverrideViolationArgs {
  rosterId: string
  fingerprint: string
  reasonCode: ReasonCode
}

export interface MutationRootRequestRosterSolveArgs {
  rosterId: string
  timeLimit: number
  seed: number
  maxIterations?: number | null
}

export interface MutationRootProposeRosterArgs {
  id: string
}

export interface MutationRootValidateRosterArgs {
  id: string
}

export interface MutationRootPublishRosterArgs {
  id: string
  reasonCode?: ReasonCode | null
}

export interface MutationRootImportStaffMembersArgs {
  format: ImportFormat
  content: string
}

export interface MutationRootImportRosterArgs {
  rosterId: string
  format: ImportFormat
  content: string
}

export interface MutationRootSetRuleParameterArgs {
  scope: ParameterScopeKind
  scopeId?: string | null
  key: string
  value: string
  effectiveFrom: string
}

export interface MutationRootDeleteRuleParameterArgs {
  id: string
}

export interface MutationRootSetTravelTimeArgs {
  fromSiteId: string
  toSiteId: string
  minutes: number
}

export interface MutationRootSetQualificationSubstitutionArgs {
  fromQualification: string
  toQualification: string
  cost: number
  effectiveFrom?: string | null
}

export interface MutationRootDeleteQualificationSubstitutionArgs {
  id: string
}

export interface MutationRootCreateWorkCycleArgs {
  unitId?: string | null
  name: string
  weeks: number
  pattern: Array<string | null>
}

export interface MutationRootUpdateWorkCycleArgs {
  id: string
  name: string
  weeks: number
  pattern: Array<string | null>
}

export interface MutationRootDeleteWorkCycleArgs {
  id: string
}

export interface MutationRootAssignWorkCycleArgs {
  staffId: string
  cycleId: string
  startDate: string
  line: number
  endDate?: string | null
}

export interface MutationRootSetTheatreSessionArgs {
  unitId: string
  room: string
  date: string
  teamShiftTypeIds: Array<string>
  weight?: number | null
}

export interface MutationRootDeleteTheatreSessionArgs {
  id: string
}

export interface MutationRootCreateJointRequirementArgs {
  unitId: string
  kind: JointKind
  shiftTypeIds: Array<string>
  weekdays: Array<number>
  count: number
  weight: number
  label: string
  effectiveFrom: string
  effectiveTo?: string | null
}

export interface MutationRootRecordWorkedTimeArgs {
  staffId: string
  periodStart: string
  periodEnd: string
  workedMinutes: number
  overtimeMinutes: number
}

export interface MutationRootRecordLeaveTakenArgs {
  staffId: string
  periodStart: string
  periodEnd: string
  leaveDaysTaken: number
}

export interface MutationRootSetCetBalanceArgs {
  staffId: string
  periodStart: string
  periodEnd: string
  cetDaysBalance: number
}

export interface MutationRootDeleteJointRequirementArgs {
  id: string
}

export interface MutationRootRequestRosterRepairArgs {
  rosterId: string
  timeLimit: number
  alternatives: number
  seed: number
}

export interface MutationRootAdoptRosterRepairArgs {
  jobId: string
  alternative: number
}

/** One consultation or change of a person's data, as shown to that person (right of access: when, what, why, and by which role; not by whom). */
export interface MyDataAccess {
  at: string
  operation: string
  objectType: string
  purpose: string
  actorRole: string
}

/** Why the signed-in person has a shift (« Pourquoi moi ? »), without naming colleagues. */
export interface MyShiftExplanation {
  rosterId: string
  date: string
  shiftTypeId: string
  /** Colleagues who could have taken it without breaking a hard rule. */
  othersPossible: number
  /** Colleagues who could not. */
  othersBlocked: number
  /** The rules that blocked them, most frequent first (a colleague counts under each). */
  blockedBy: Array<BlockingRule>
  /** French. */
  text: string
}

/** Information about pagination in a connection */
export interface PageInfo {
  /** When paginating backwards, are there more items? */
  hasPreviousPage: boolean
  /** When paginating forwards, are there more items? */
  hasNextPage: boolean
  /** When paginating backwards, the cursor to continue. */
  startCursor: string | null
  /** When paginating forwards, the cursor to continue. */
  endCursor: string | null
}

/** Where a parameter value applies. */
export type ParameterScopeKind = 'TENANT' | 'SITE' | 'UNIT'

/** A rule a parameter sets and the text it comes from. */
export interface ParameterSource {
  /** The rule's id in `domain-rules.md` (e.g. `FPH-REST-1`). */
  rule: string
  /** E.g. « art. 6, décret 2002-9 »; null for a rule the engine does not check yet. */
  citation: string | null
}

/** What a parameter's value counts, to show and enter it. */
export type ParameterValueUnit = 'MINUTES' | 'MINUTE_OF_DAY' | 'BOOL' | 'DATE' | 'COUNT' | 'PERCENT' | 'WEIGHT' | 'MONTH'

/** A person's data (RGPD art. 20): one JSON document, and one CSV file per section. */
export interface PersonalDataExport {
  json: string
  csvFiles: Array<ExportFile>
}

export interface Pole {
  id: string
  establishmentId: string
  name: string
}

/** Shifts held by people of one unit in another over a period (pool use across sites). */
export interface PoolUse {
  /** The people's home unit. */
  fromUnitId: string
  /** The unit they reinforced. */
  toUnitId: string
  /** The two units are on different establishments. */
  crossSite: boolean
  people: number
  /** Among them, members of the pool de suppléance (the others are volunteers). */
  poolMembers: number
  shifts: number
  minutes: number
}

/** A holder of `fromQualification` may fill a slot requiring `toQualification`, at `cost` per shift in the solver's objective, from `effectiveFrom` (null: always). */
export interface QualificationSubstitution {
  id: string
  fromQualification: string
  toQualification: string
  cost: number
  effectiveFrom: string | null
}

/** Every query, one object per area. */
export interface QueryRoot {
  /** Version of the running API (the `releve` package version). */
  apiVersion: string
  /** The signed-in account and its GHT. */
  me: Me
  /** Entries of the access log, newest first, filtered by actor, object (person) and period. `objectIds` (at most 4) matches entries about any of them: a person's staff record and their account, whose events are logged under different ids. */
  accessLog: Array<AccessLogEntry>
  /** Right of access (RGPD art. 15): every consultation and change of the signed-in person's own data (their account and their staff record), newest first. Any role may ask for its own. */
  myDataAccesses: Array<MyDataAccess>
  /** Recomputes the whole chain of the GHT and checks every signed checkpoint. */
  verifyAccessLog: AccessLogVerification
  /** A solve job of the signed-in GHT. */
  job: Job
  /** Establishments (sites) of the GHT. */
  establishments: EstablishmentConnection
  /** Pôles of one establishment. */
  poles: Array<Pole>
  /** Units of the GHT, or of one establishment. */
  units: UnitConnection
  /** Every shift type of the GHT. */
  shiftTypes: Array<ShiftType>
  /** A unit's maquette: the demand per type of day, shift and qualification. */
  maquette: Array<MaquetteDemand>
  /** People in the viewer's scope, optionally of one unit and with an exact last name (case and accents ignored). */
  staffMembers: StaffMemberConnection
  /** One person's file. */
  staffMember: StaffMember
  /** The signed-in person's own wishes. */
  myDesiderata: DesiderataConnection
  /** Wishes of a unit's people for days in `[from, to]` (at most 93 days), for the unit's planners. */
  desiderata: DesiderataConnection
  /** Absences of a unit's people overlapping `[from, to]`. */
  absences: AbsenceConnection
  /** The rosters of a unit. */
  rosters: RosterConnection
  /** A version of a roster (the current one by default) with its assignments and rule check. */
  roster: RosterVersionView
  /** What changed, for whom, between two versions of a roster. */
  compareRosterVersions: VersionComparison
  /** The signed-in person's published shifts between two dates (at most 62 days apart). */
  myShifts: Array<Assignment>
  /** « Pourquoi moi ? » : the signed-in person's published shifts on `date`, each with how many colleagues could also have taken it and the rules that kept the others from it (nobody is named). */
  myShiftExplanations: Array<MyShiftExplanation>
  /** Changes to the signed-in person's published roster. */
  myNotifications: RosterNotificationConnection
  /** A person's data: record, published shifts, desiderata, absences and the access-log entries about them. The person asks for their own; HR or the administrator on their behalf. */
  personalDataExport: PersonalDataExport
  /** A roster version (default: current) as CSV (the columns `importRoster` reads) or JSON. */
  exportRoster: string
  /** A person's published shifts from `from` to `to` (at most 366 days) as iCalendar (RFC 5545). Staff read their own; managers and HR the people in their scope. */
  staffCalendar: string
  /** Every parameter key with its default and legal sources. */
  ruleParameterCatalogue: Array<RuleParameterDefinition>
  /** The values that may apply to a unit: the GHT's, its site's and its own, all dates. */
  ruleParameters: Array<RuleParameter>
  /** Travel times from one site, or between all sites of the GHT. */
  travelTimes: Array<TravelTime>
  /** The GHT's qualification substitutions, all dates (GHT and site management). */
  qualificationSubstitutions: Array<QualificationSubstitution>
  /** The trames a unit may use: its own and the GHT's. */
  workCycles: Array<WorkCycle>
  /** The people on a trame (one request for the trame's whole list), those whose file the viewer may read. */
  workCycleMembers: Array<StaffCycle>
  /** The trames a person follows. */
  staffCycles: Array<StaffCycle>
  /** The theatre programme of a unit from `from` to `to` (inclusive, at most a year). */
  theatreProgramme: Array<TheatreSession>
  /** A unit's joint requirements. */
  jointRequirements: Array<JointRequirement>
  /** A person's recorded counters (written at each publication, worked minutes, overtime, leave and CET where imported) over periods overlapping `from`..`to`: the person themself, planners and HR whose scope covers them. Access-logged. (`staffCounters` computes a period's planned and due hours live.) */
  recordedCounters: Array<StaffCounter>
  /** The viewer's own counters (their account must be linked to a staff record). */
  myCounters: Array<StaffCounter>
  /** What the published rosters overlapping `from`..`to` gave a person (nights, weekends, holidays, refused wishes): same access as `recordedCounters`. Access-logged. */
  fairnessLedger: Array<FairnessEntry>
  /** Scores a version (the current one by default) over `[from, to]` (the whole period by default): coverage, desiderata, fairness, stability, overtime and legal violations. */
  rosterScore: RosterScore
  /** Explains a version (the current one by default): uncovered needs, refused wishes, and the shifts of `staffIds`. */
  rosterExplanations: RosterExplanations
  /** Explains one cell of a version (the current one by default): for each shift `staffId` holds on `date`, who else could have held it and why the others could not. Computed for that cell only, unlike `rosterExplanations`. */
  cellExplanation: CellExplanation
  /** The alerts of a unit's rosters over the next `weeks` weeks (1 to 12), from today. */
  unitAlerts: Array<RosterAlert>
  /** Pool use across sites over `from`..`to` (both included, a year at most): the shifts held outside people's home unit in the rosters (current versions) of the units the viewer plans, per home unit and unit reinforced, cross-site first, then by hours. People are counted, never named. GHT admins and site managers; logged. */
  poolUse: Array<PoolUse>
  /** The gains report of a unit for a month (`YYYY-MM`), against its months before Relève. */
  unitGains: UnitGains
  /** The proposals of a repair job (`requestRosterRepair`). */
  rosterRepair: RepairProposal
  /** A person's counters between two dates (inclusive, at most 366 days): the person themself, the planners of their units, `hr` and `ght_admin`. Logged. */
  staffCounters: StaffCounters
}

export interface QueryRootAccessLogArgs {
  actorId?: string | null
  objectId?: string | null
  objectIds?: Array<string> | null
  from?: string | null
  to?: string | null
  first: number
  beforeSeq?: number | null
}

export interface QueryRootMyDataAccessesArgs {
  first: number
  beforeSeq?: number | null
}

export interface QueryRootJobArgs {
  id: string
}

export interface QueryRootEstablishmentsArgs {
  first?: number | null
  after?: string | null
}

export interface QueryRootPolesArgs {
  establishmentId: string
}

export interface QueryRootUnitsArgs {
  establishmentId?: string | null
  first?: number | null
  after?: string | null
}

export interface QueryRootMaquetteArgs {
  unitId: string
}

export interface QueryRootStaffMembersArgs {
  unitId?: string | null
  lastName?: string | null
  first?: number | null
  after?: string | null
}

export interface QueryRootStaffMemberArgs {
  id: string
}

export interface QueryRootMyDesiderataArgs {
  first?: number | null
  after?: string | null
}

export interface QueryRootDesiderataArgs {
  unitId: string
  from: string
  to: string
  first?: number | null
  after?: string | null
}

export interface QueryRootAbsencesArgs {
  unitId: string
  from: string
  to: string
  first?: number | null
  after?: string | null
}

export interface QueryRootRostersArgs {
  unitId: string
  first?: number | null
  after?: string | null
}

export interface QueryRootRosterArgs {
  id: string
  version?: number | null
}

export interface QueryRootCompareRosterVersionsArgs {
  rosterId: string
  fromVersion: number
  toVersion: number
}

export interface QueryRootMyShiftsArgs {
  from: string
  to: string
}

export interface QueryRootMyShiftExplanationsArgs {
  date: string
}

export interface QueryRootMyNotificationsArgs {
  first?: number | null
  after?: string | null
}

export interface QueryRootPersonalDataExportArgs {
  staffId: string
}

export interface QueryRootExportRosterArgs {
  rosterId: string
  version?: number | null
  format: ExportFormat
}

export interface QueryRootStaffCalendarArgs {
  staffId: string
  from: string
  to: string
}

export interface QueryRootRuleParametersArgs {
  unitId: string
}

export interface QueryRootTravelTimesArgs {
  fromSiteId?: string | null
}

export interface QueryRootWorkCyclesArgs {
  unitId: string
}

export interface QueryRootWorkCycleMembersArgs {
  cycleId: string
}

export interface QueryRootStaffCyclesArgs {
  staffId: string
}

export interface QueryRootTheatreProgrammeArgs {
  unitId: string
  from: string
  to: string
}

export interface QueryRootJointRequirementsArgs {
  unitId: string
}

export interface QueryRootRecordedCountersArgs {
  staffId: string
  from: string
  to: string
}

export interface QueryRootMyCountersArgs {
  from: string
  to: string
}

export interface QueryRootFairnessLedgerArgs {
  staffId: string
  from: string
  to: string
}

export interface QueryRootRosterScoreArgs {
  rosterId: string
  version?: number | null
  from?: string | null
  to?: string | null
}

export interface QueryRootRosterExplanationsArgs {
  rosterId: string
  version?: number | null
  staffIds?: Array<string> | null
}

export interface QueryRootCellExplanationArgs {
  rosterId: string
  version?: number | null
  staffId: string
  date: string
}

export interface QueryRootUnitAlertsArgs {
  unitId: string
  weeks: number
}

export interface QueryRootPoolUseArgs {
  from: string
  to: string
}

export interface QueryRootUnitGainsArgs {
  unitId: string
  month: string
}

export interface QueryRootRosterRepairArgs {
  jobId: string
}

export interface QueryRootStaffCountersArgs {
  staffId: string
  from: string
  to: string
}

/** Why a rule was set aside, a publication came late (FPH-TDS-2) or a published roster changed at short notice (FPH-TDS-3). */
export type ReasonCode = 'UNPLANNED_ABSENCE' | 'SERVICE_CONTINUITY' | 'STAFF_AGREEMENT' | 'EXCEPTIONAL_EVENT' | 'OTHER'

/** A repair job's proposals. */
export interface RepairProposal {
  rosterId: string
  job: Job
  /** The version the best alternative was stored as (null until imported, or if none). */
  importedVersion: number | null
  /** The order of preference applied (French). */
  preferenceOrder: string | null
  /** The alternatives, best first: `{rank, hard_violations, changed_assignments, people_affected, soft_cost, objective, overtime_minutes_added, needs_reason_code, sources: {home, pool, volunteer, other_site, overtime_people}, changes: [{staff, day, date, removed, added, needs_reason_code, source, overtime}]}` (shifts by code). */
  alternatives: unknown
}

export interface Roster {
  id: string
  unitId: string
  periodStart: string
  /** Inclusive. */
  periodEnd: string
  state: RosterState
  currentVersion: number
  /** The version staff see (null until published). */
  publishedVersion: number | null
  createdBy: string
  createdAt: string
  updatedAt: string
  /** Every version, oldest first. */
  versions: Array<RosterVersionInfo>
  /** Who moved the roster between states, when and why. */
  transitions: Array<RosterTransition>
}

/** One alert of a unit's coming weeks. */
export interface RosterAlert {
  rosterId: string
  version: number
  /** `coverage_gap`, `unit_imbalance`, `annual_hours`, `overtime_year`, `overtime_month`, `weekly_48h`, `interne_quarter`, `cet_ceiling`, `cet_yearly_increase`, `night_run`, `long_shift_run`, `wishes_refused`. */
  kind: string
  /** `critical` (a limit is or will be broken) or `warning`. */
  severity: string
  staffId: string | null
  dates: Array<string>
  /** The measured value and its limit (minutes, days or counts, per kind). */
  value: number
  limit: number
  /** French. */
  message: string
  /** For `unit_imbalance`: `{staff, day, from_unit, from_shift, to_unit, to_shift, placement, same_site}`. */
  loan: unknown | null
}

export interface RosterConnection {
  /** Information to aid in pagination. */
  pageInfo: PageInfo
  /** A list of edges. */
  edges: Array<RosterEdge>
  /** A list of nodes. */
  nodes: Array<Roster>
}

/** An edge in a connection. */
export interface RosterEdge {
  /** The item at the end of the edge */
  node: Roster
  /** A cursor for use in pagination */
  cursor: string
}

/** Why things are as they are in a version (French texts; staff by id). */
export interface RosterExplanations {
  rosterId: string
  version: number
  /** Each uncovered need, with the people who could not fill it and the rules that block. */
  uncovered: unknown
  /** Each refused wish: what granting it alone breaks, the cheapest grant and its cost. */
  refusedWishes: unknown
  /** For the staff asked about: each of their shifts, who else could have, and why not. */
  assignments: unknown
  /** When a minimum cannot be covered at all: a small conflicting set. */
  conflict: unknown | null
}

/** A version's shifts as a grid: for each person and day, which set of shift types they work. */
export interface RosterGrid {
  /** The day of position 0 in every row's `days` (the period's first day). */
  firstDay: string
  /** The distinct sets of shift types worked on one day, sorted by id; the first is always the empty set (off). */
  shiftSets: Array<Array<string>>
  /** One row per person with at least one shift in the version, by staff id. */
  rows: Array<RosterGridRow>
}

/** One person's line of the grid. */
export interface RosterGridRow {
  staffId: string
  /** One entry per day of the period, from `firstDay`: the position in `shiftSets` of what the person works that day (0: off). */
  days: Array<number>
}

/** The outcome of a roster import: a new version, or nothing (then `errors` says why). */
export interface RosterImportReport {
  roster: Roster | null
  version: number | null
  imported: number
  errors: Array<ImportRowError>
}

export interface RosterNotification {
  id: string
  rosterId: string
  version: number
  date: string
  /** Empty when the change came with the full notice. */
  reasonCode: string
  createdAt: string
}

export interface RosterNotificationConnection {
  /** Information to aid in pagination. */
  pageInfo: PageInfo
  /** A list of edges. */
  edges: Array<RosterNotificationEdge>
  /** A list of nodes. */
  nodes: Array<RosterNotification>
}

/** An edge in a connection. */
export interface RosterNotificationEdge {
  /** The item at the end of the edge */
  node: RosterNotification
  /** A cursor for use in pagination */
  cursor: string
}

export interface RosterOverride {
  id: string
  rule: string
  staffId: string | null
  fingerprint: string
  reasonCode: string
  authorId: string
  authorRole: string
  createdAt: string
}

/** A version scored on the engine's indicators (the score mode), over a period. */
export interface RosterScore {
  rosterId: string
  version: number
  from: string
  /** Inclusive. */
  to: string
  /** Staff present up to the targets, over the targets (1 without demand). */
  coverageRate: number
  /** Cover requirements below their minimum. */
  belowMinimum: number
  /** Wishes granted over wishes made (1 without wishes). */
  desiderataRate: number
  /** Minutes worked above the due, summed over people. */
  overtimeMinutes: number
  /** Gini of nights, weekends and refused wishes (0 = evenly spread). */
  nightsGini: number
  weekendsGini: number
  refusedWishesGini: number
  /** Assignments changed against the published version (null when this is it, or none). */
  changesAgainstPublished: number | null
  hardViolations: number
  /** Soft cost (the engine's objective). */
  softCost: number
  /** Every indicator: the engine's `Indicators` (per person wishes, distributions, hours, violations with French messages). */
  details: unknown
}

export type RosterState = 'DRAFT' | 'PROPOSED' | 'VALIDATED' | 'PUBLISHED'

export interface RosterTransition {
  fromState: RosterState
  toState: RosterState
  version: number
  reasonCode: string | null
  actorId: string
  actorRole: string
  at: string
}

export interface RosterVersionInfo {
  number: number
  /** `created`, `edit` or `solve`. */
  source: string
  jobId: string | null
  createdBy: string
  createdAt: string
}

/** A version of a roster with its assignments and what the rules say about it. The rule check (the engine's checker over the whole month) runs only when the client asks for `violations`, `hardViolations` or `blockingViolations`, once per version read: a plain read of the grid does not pay for it. `setAssignment` still checks at once. */
export interface RosterVersionView {
  roster: Roster
  version: number
  /** Every shift of the version, one object each (the grid reads the compact `grid`). */
  assignments: Array<Assignment>
  /** The same shifts in compact form, one row of day numbers per person: what the planning grid reads (a month of 60 people is 60 rows of 31 numbers, not 1 900 objects to build and send). */
  grid: RosterGrid
  /** What the independent checker finds in this version, with the overrides accepted. */
  violations: Array<RuleViolation>
  hardViolations: number
  /** Hard violations without an override: validation is refused while this is not 0. */
  blockingViolations: number
}

/** A value set for a GHT, a site or a unit from a date. */
export interface RuleParameter {
  id: string
  scope: ParameterScopeKind
  /** The site or unit; null for the whole GHT. */
  scopeId: string | null
  key: string
  /** French label of the key (the key itself when unknown). */
  label: string
  /** JSON text: `660`, `true`, `"2025-01-06"`. */
  value: string
  effectiveFrom: string
  sources: Array<ParameterSource>
}

/** A parameter key: its default and legal sources. */
export interface RuleParameterDefinition {
  key: string
  /** French label, e.g. « Repos quotidien minimal ». */
  label: string
  unit: ParameterValueUnit
  defaultValue: string
  /** The default is a cautious assumption still to confirm (marked U in the rules). */
  unverified: boolean
  /** Empty for a local policy weight that no text fixes. */
  sources: Array<ParameterSource>
}

/** One breach of one rule found by the independent checker. */
export interface RuleViolation {
  rule: string
  /** Hard rules block validation and publication unless overridden. */
  hard: boolean
  staffId: string | null
  dates: Array<string>
  /** French, for the user. */
  message: string
  /** Objective cost of a soft violation. */
  cost: number
  /** Pass it to `overrideViolation` to accept this violation. */
  fingerprint: string
  /** Who accepted this violation and why, if anyone did. */
  override: RosterOverride | null
}

export interface SetAssignmentInput {
  rosterId: string
  staffId: string
  date: string
  /** Null: the person is off that day. */
  shiftTypeId?: string | null
  /** Required for a change to a published roster taking effect within 48 h (FPH-TDS-3). */
  reasonCode?: ReasonCode | null
  /** Accepts, with this reason, the hard violations the edit causes for this person or day. */
  overrideReasonCode?: ReasonCode | null
}

/** What a shift is for the doctors' rules: garde and training are working time, astreinte is not (only its call-outs are). */
export type ShiftActivity = 'WORK' | 'GARDE' | 'ASTREINTE' | 'TRAINING'

export interface ShiftType {
  id: string
  code: string
  label: string
  startMinute: number
  durationMinutes: number
  isNight: boolean
  qualifications: Array<string>
  /** WORK, GARDE, ASTREINTE or TRAINING. */
  activity: ShiftActivity
  /** Demi-journées it counts for (doctors); null = derived from its times. */
  halfDays: number | null
  /** Break inside the shift in minutes; null = the legal minimum, taken inside it. */
  breakMinutes: number | null
}

export interface ShiftTypeInput {
  code: string
  label: string
  startMinute: number
  durationMinutes: number
  isNight: boolean
  qualifications: Array<string>
  activity: ShiftActivity
  halfDays?: number | null
  breakMinutes?: number | null
}

/** A person's counters over a period (minutes of effective work). */
export interface StaffCounter {
  id: string
  staffId: string
  periodStart: string
  periodEnd: string
  plannedMinutes: number
  workedMinutes: number
  nightMinutes: number
  overtimeMinutes: number
  sundaysHolidaysWorked: number
  leaveDaysTaken: number
  /** Compte épargne-temps balance at the period's end, in days. */
  cetDaysBalance: number
  /** PUBLISHED (planned from a published roster), REALISED (worked time entered) or MANUAL (only leave or the CET entered), lower case. */
  source: string
  /** The account that last entered worked time, leave or the CET on this period. */
  recordedBy: string | null
  /** Whether HR entered the CET balance of this period (else `cetDaysBalance` is no value). */
  cetRecorded: boolean
}

/** What a person has planned (published rosters) and owes over a period, in minutes. */
export interface StaffCounters {
  staffId: string
  from: string
  to: string
  /** Per cent of full time. */
  quotite: number
  /** The weekly reference duration in force for the person's unit on `from`. */
  weeklyReferenceMinutes: number
  /** Shifts of the published rosters. */
  plannedMinutes: number
  /** A fifth of the weekly reference per working day, at the quotité, absences deducted. */
  dueMinutes: number
  /** Monday to Friday, public holidays excepted. */
  workingDays: number
  /** Working days covered by an absence or leave. */
  absenceDays: number
  shifts: number
  nights: number
  /** Weekends with a Saturday or a Sunday worked. */
  weekends: number
  sundaysAndHolidays: number
  holidays: number
  /** Worked minutes entered (réalisé) for the recorded periods lying inside `from`..`to`; null when none is recorded there. */
  workedMinutes: number | null
  /** Overtime entered for those periods. */
  overtimeMinutes: number
  /** Days of leave entered for those periods. */
  leaveDaysTaken: number
  /** CET balance at the end of the latest period, ending by `to`, where HR entered it; null when never entered. */
  cetDaysBalance: number | null
}

/** A person following a trame. */
export interface StaffCycle {
  id: string
  staffId: string
  cycleId: string
  /** The Monday on which the trame's first week falls for this person (their line sets it). */
  anchorDate: string
  endDate: string | null
}

/** The outcome of a staff import: all rows created, or none (then `errors` says why). */
export interface StaffImportReport {
  imported: number
  staffIds: Array<string>
  errors: Array<ImportRowError>
}

export interface StaffMember {
  id: string
  /** The person's account, when they have one. */
  userId: string | null
  /** Null once the person has been erased (their key is destroyed). */
  firstName: string | null
  lastName: string | null
  email: string | null
  phone: string | null
  profession: string
  qualifications: Array<string>
  /** Per cent of full time. */
  quotite: number
  homeUnitId: string
  authorisedUnitIds: Array<string>
  authorisedSiteIds: Array<string>
  /** Member of the pool de suppléance; authorised elsewhere without it: a volunteer. */
  pool: boolean
}

export interface StaffMemberConnection {
  /** Information to aid in pagination. */
  pageInfo: PageInfo
  /** A list of edges. */
  edges: Array<StaffMemberEdge>
  /** A list of nodes. */
  nodes: Array<StaffMember>
}

/** An edge in a connection. */
export interface StaffMemberEdge {
  /** The item at the end of the edge */
  node: StaffMember
  /** A cursor for use in pagination */
  cursor: string
}

/** A person's file; on update, absent fields stay as they are. */
export interface StaffMemberInput {
  firstName?: string | null
  lastName?: string | null
  email?: string | null
  phone?: string | null
  /** IDE, AS, IADE, IBODE, PH, INTERNE… */
  profession?: string | null
  qualifications?: Array<string> | null
  quotite?: number | null
  homeUnitId?: string | null
  authorisedUnitIds?: Array<string> | null
  authorisedSiteIds?: Array<string> | null
  /** Member of the pool de suppléance (deployed on the authorised units and sites). */
  pool?: boolean | null
  /** Links the person to an account (creation only). */
  userId?: string | null
}

/** Every subscription, one object per area. */
export interface SubscriptionRoot {
  /** The server's clock (RFC 3339), every `intervalMs`: lets a client see that its live connection works before it subscribes to job progress. */
  serverClock: string
  /** The job's current state, then every change (objective and bound while it runs), ending with its final state. */
  jobProgress: JobProgress
}

export interface SubscriptionRootServerClockArgs {
  intervalMs: number
}

export interface SubscriptionRootJobProgressArgs {
  id: string
}

/** One session of the operating-theatre programme. */
export interface TheatreSession {
  id: string
  unitId: string
  room: string
  date: string
  /** Shift types of its team, one person each (surgeon, anaesthetist, IADE, IBODE...). */
  teamShiftTypeIds: Array<string>
  /** Cost of the session not being held. */
  weight: number
}

export interface TravelTime {
  fromSiteId: string
  toSiteId: string
  minutes: number
}

export interface Unit {
  id: string
  establishmentId: string
  poleId: string | null
  code: string
  name: string
}

export interface UnitConnection {
  /** Information to aid in pagination. */
  pageInfo: PageInfo
  /** A list of edges. */
  edges: Array<UnitEdge>
  /** A list of nodes. */
  nodes: Array<Unit>
}

/** An edge in a connection. */
export interface UnitEdge {
  /** The item at the end of the edge */
  node: Unit
  /** A cursor for use in pagination */
  cursor: string
}

/** A unit's gains for a month against its months before Relève. */
export interface UnitGains {
  unitId: string
  month: string
  /** The engine's `GainsReport`: `months` (each with `metrics` and `against_before`) and `baselines`. */
  report: unknown
}

export interface VersionComparison {
  fromVersion: number
  toVersion: number
  changes: Array<AssignmentChange>
  /** Everyone with at least one change. */
  staffAffected: Array<string>
}

export type WishKind = 'ON' | 'OFF'

/** A repeating pattern of shift codes, Monday first. */
export interface WorkCycle {
  id: string
  /** Null for a trame shared by the whole GHT. */
  unitId: string | null
  name: string
  weeks: number
  /** 7 × `weeks` days: a shift type code, or null for a day off. */
  pattern: Array<string | null>
}
