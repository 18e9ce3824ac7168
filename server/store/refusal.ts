/**
 * The configuration or the database is not fit to run on, and retrying will not
 * help: the admin has to change something. Start-up stops with this message.
 */
export class StoreRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreRefusal'
  }
}
