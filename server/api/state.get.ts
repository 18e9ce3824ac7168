// The one read every visitor polls: messages and instance state together, one
// request per visitor per interval, one store read per window for everyone.
export default defineApiHandler(async event => sendCachedJson(event, await pageState()))
