import type { MessageFields } from '../utils/read-message-input'

// JSON from the page's script (201 with the stored message), or a plain form post
// from a browser without JavaScript (303 back to the page, with the error and the
// text on failure). Forms from other clients are answered like JSON.
export default defineApiHandler(async (event) => {
  const kind = requestKind(event)
  // The path's route rule gives GET answers a shared-cache lifetime; a write's answer has none.
  setResponseHeader(event, 'cache-control', 'no-store')
  let fields: MessageFields = {}
  try {
    // Decided by the token alone, before any field is read: no field can ask for it.
    const admin = isAdminRequest(event)
    fields = await readMessageFields(event, kind)
    const input = validateMessageFields(fields)
    const message = await (await useStore()).post({ ...input, clientHash: await clientHash(event), admin })
    addPostedMessage(message)
    if (kind === 'browser-form') return sendRedirect(event, pageAfterFormPost(fields), 303)
    setResponseStatus(event, 201)
    return { message }
  }
  catch (error) {
    if (kind !== 'browser-form') throw error
    const code = toApiError(error)?.code ?? 'store_unavailable'
    return sendRedirect(event, pageAfterFormPost(fields, code), 303)
  }
})
