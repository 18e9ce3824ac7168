/**
 * The visitor's opt-in to a system notification when the instance is back (issue 20
 * item 4). The browser's permission is asked for only from the visitor's click
 * (optIn); the notification is shown only while the page is hidden, since a page in
 * view says it itself.
 */
export function useBackNotification() {
  const wanted = useState('notify-back', () => false)

  async function optIn(): Promise<boolean> {
    wanted.value = await Notification.requestPermission() === 'granted'
    return wanted.value
  }

  function notify(title: string, body: string, icon?: string) {
    if (!wanted.value || !document.hidden) return
    const notification = new Notification(title, { body, icon, tag: 'nakanai-back' })
    notification.onclick = () => {
      window.focus()
      notification.close()
    }
  }

  return { wanted: readonly(wanted), optIn, notify }
}
