// Unknown API paths get the API's error shape instead of the page's HTML 404.
export default defineEventHandler(event => sendApiError(event, new ApiError(404, 'not_found', 'There is no such API route.')))
