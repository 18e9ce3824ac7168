/**
 * What the visitor is writing in the chat box, shared so the "instance is back"
 * countdown can hold off while there is text. It starts from the `draft` the server
 * sends back after a refused form post (no JavaScript), else empty.
 */
export function useChatDraft() {
  const url = useRequestURL()
  return useState('chat-draft', () => url.searchParams.get('draft') ?? '')
}
