/** A chat message as the API returns it. */
export interface ChatMessage {
  id: number
  body: string
  name: string | null
  /** ISO 8601, from the database clock. */
  createdAt: string
  /** Present only on messages sent with the admin token; no visitor input can set it. */
  admin?: true
}

export interface MessagesResponse {
  messages: ChatMessage[]
}

/** Every error the API answers with has this shape. */
export interface ApiErrorBody {
  error: { code: string, message: string }
}
