// `/api` itself is not matched by `[...]`; without this it would render the page.
export { default } from './[...]'
