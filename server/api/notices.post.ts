// An official update from the admins; every visitor sees it with the next poll.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  const notice = await (await useStore()).postNotice(await readNewNotice(event))
  noticesChanged()
  setResponseStatus(event, 201)
  return { notice }
})
