/**
 * A list the moderation view reads from an admin route (bans, hidden messages): loaded
 * when shown, read again after every moderation anywhere on the page, and an action on
 * one of its items (lift, restore) that counts as a moderation, so every list agrees.
 * The lists' frames (heading, failure, "nothing here") stay written out in each
 * component: one shared component with a scoped slot pulled Vue's renderSlot into every
 * visitor's first load (+180 B gz, measured), for a view only admins open.
 */
export function useAdminList<T>(path: string, pick: (answer: Record<string, T[]>) => T[]) {
  const admin = useAdmin()
  const items = ref<T[]>([]) as Ref<T[]>
  const failed = ref(false)

  async function load() {
    try {
      items.value = pick(await $fetch<Record<string, T[]>>(path, { headers: admin.authorization() }))
      failed.value = false
    }
    catch {
      failed.value = true
    }
  }
  onMounted(load)
  watch(admin.moderations, load)

  async function act(url: string, method: 'POST' | 'DELETE') {
    try {
      await $fetch(url, { method, headers: admin.authorization() })
      admin.moderations.value++
    }
    catch {
      failed.value = true
    }
  }

  return { items, failed, act }
}
