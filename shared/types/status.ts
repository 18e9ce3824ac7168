/** One state for a whole status page or one of its components, whatever the provider calls it. */
export type StatusLevel = 'operational' | 'degraded' | 'partial_outage' | 'major_outage' | 'maintenance' | 'unknown'

/** The status pages read natively (server/status/adapters/, one file each). */
export type StatusProvider = 'uptime-kuma' | 'statuspage' | 'betterstack' | 'instatus' | 'gatus' | 'cachet2' | 'cachet3'

export const STATUS_PROVIDERS: readonly StatusProvider[] = ['uptime-kuma', 'statuspage', 'betterstack', 'instatus', 'gatus', 'cachet2', 'cachet3']

export interface StatusComponent {
  /** Plain text from the provider (cleaned, capped), or the instance's own name. */
  name: string
  state: StatusLevel
  /** The provider's group (section) it is listed under, cleaned; absent when none. */
  group?: string
  /**
   * True for the instance's own row: nakanai's probe, merged with the status page's own
   * component for the instance when it has one (server/status/instance-row.ts).
   */
  instance?: true
}

/**
 * A run of a notice's text: plain text (cleaned like all provider text), maybe strong
 * or emphasised, maybe a link (http/https only). The page shows it with plain elements.
 */
export interface StatusRun {
  text: string
  strong?: true
  em?: true
  href?: string
}

/** A paragraph, or a list whose items are runs: what the provider's Markdown reduces to. */
export type StatusBlock
  = | { type: 'p', runs: StatusRun[] }
    | { type: 'ul' | 'ol', items: StatusRun[][] }

/**
 * How bad an incident is, from the provider's style or impact (Kuma's info, warning,
 * danger …; Statuspage's none … critical): the colour the page draws it in.
 */
export type NoticeSeverity = 'informational' | 'degraded' | 'outage'

/** An active incident or maintenance; every string is plain text, cleaned and capped. */
export interface StatusNotice {
  title: string
  /**
   * The latest update's text as blocks of plain runs (server/status/notice-text.ts:
   * Markdown reduced, tags dropped); [] when the provider gives none. Its first lines
   * only when it is long: the rest is in `more`.
   */
  body: StatusBlock[]
  /** The rest of a long text, shown one tap away; absent when the text is short. */
  more?: StatusBlock[]
  /** Incidents only, when the provider says how bad (absent: drawn as an outage). */
  severity?: NoticeSeverity
  /** ISO 8601, when the provider last updated it (null when it does not say). */
  updatedAt: string | null
  /**
   * ISO 8601, when it was posted or began; given only when the provider has no update
   * time (Uptime Kuma's lastUpdatedDate is null until the incident is edited), so that
   * the page says "posted … ago" rather than calling a creation time an update.
   */
  postedAt?: string
}

/** What the page shows of the status page: the same shape for every provider. */
export interface StatusSummary {
  /** null when no status page is configured or its kind is not known (yet). */
  provider: StatusProvider | null
  /**
   * The status page's own title (the admin's name for it: Kuma's config.title,
   * Statuspage's and Instatus's page.name, Better Stack's company_name), cleaned like
   * all provider text; absent when the provider gives none or it was never read.
   */
  title?: string
  state: StatusLevel
  /** The provider's components, groups flattened, in the provider's order; the instance last. */
  components: StatusComponent[]
  incidents: StatusNotice[]
  maintenances: StatusNotice[]
  /** The configured status page, for the link ('' when none). */
  pageUrl: string
  /** ISO 8601, when the provider last answered (null: never); the page shows its age. */
  readAt: string | null
  /** The last read failed: what is shown is the last good answer, as old as readAt says. */
  stale: boolean
  /**
   * Reads have failed and none ever succeeded: a wrong address (a mistyped slug), not a
   * kind of status page nakanai knows, or one that never answers. The page says so
   * (keeping the link); the log says what each provider's read got. Absent otherwise.
   */
  unreadable?: true
  /** The status page allows framing (X-Frame-Options / CSP frame-ancestors, checked once). */
  frameable: boolean
}
