// @ts-check
import withNuxt from './.nuxt/eslint.config.mjs'

// eslint-flat-config-utils calls Object.groupBy, which Node 20 lacks (Node 21+).
Object.groupBy ??= (items, key) => {
  const groups = Object.create(null)
  let index = 0
  for (const item of items) (groups[key(item, index++)] ??= []).push(item)
  return groups
}

export default withNuxt()
