/**
 * Where "go back" leads: the page the visitor came from (nginx's `from`) when it
 * is on the instance, else the instance root; null when no instance is configured.
 */
export function useReturnUrl() {
  const { instanceUrl } = useRuntimeConfig().public
  const url = useRequestURL()
  return computed(() => safeReturnUrl(readFromParam(url.search), instanceUrl))
}

/** The raw `from` value, to carry it through a form post. */
export function useFromParam() {
  return readFromParam(useRequestURL().search) ?? ''
}
