import type { H3Event } from 'h3'
import type { ChatMessage } from '../../shared/types/message'
import type { MessageFields } from '../utils/read-message-input'

async function store(event: H3Event, fields: MessageFields, admin: boolean): Promise<ChatMessage> {
  const input = validateMessageFields(fields)
  const message = await (await useStore()).post({ ...input, clientHash: await clientHash(event), admin })
  addPostedMessage(message)
  return message
}

// JSON from the page's script (201 with the stored message), or a plain form post
// from a browser without JavaScript (303 back to the page, with the error and the
// text on failure). Forms from other clients are answered like JSON.
export default defineApiHandler(async (event) => {
  const kind = requestKind(event)
  // The path's route rule gives GET answers a shared-cache lifetime; a write's answer has none.
  setResponseHeader(event, 'cache-control', 'no-store')
  // Decided by the token alone, before any field is read: no field can ask for it.
  const admin = isAdminRequest(event)
  if (kind !== 'browser-form') {
    const message = await store(event, await readMessageFields(event, kind), admin)
    setResponseStatus(event, 201)
    return { message }
  }
  let fields: MessageFields = {}
  try {
    fields = await readMessageFields(event, kind)
    await store(event, fields, admin)
  }
  catch (error) {
    return sendRedirect(event, pageAfterFormPost(fields, answerFor(error).code), 303)
  }
  // Outside the try: once stored, the visitor is never told it failed.
  return sendRedirect(event, pageAfterFormPost(fields), 303)
})
