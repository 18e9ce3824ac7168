// Settings that can never work stop the server at start, naming the variable
// (the store's own are checked by plugins/store.ts).
export default defineNitroPlugin(() => {
  const problems = urlSettingProblems(useRuntimeConfig().public)
  if (problems.length > 0) refuseToStart(problems.join(' '))
})
