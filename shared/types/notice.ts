/** An official update from the instance's admins, as the API and the page state carry it. */
export interface Notice {
  id: number
  body: string
  /** ISO 8601; when the admins expect the instance back, or null when they do not say. */
  expectedBackAt: string | null
  /** ISO 8601, from the database clock. */
  createdAt: string
  updatedAt: string
  /** ISO 8601; when the admins marked the outage over (the page then reads it as resolved), or null while open. */
  resolvedAt: string | null
}
