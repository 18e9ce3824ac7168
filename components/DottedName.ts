import { h, type VNodeChild } from 'vue'

/**
 * `template` with `name` where `{name}` stands, and a break opportunity (<wbr>) after each
 * of the name's dots: at 200 % text on a phone a host-like name ("misskey.example") is
 * wider than its line, and would otherwise break inside a label. Adjacent text is joined,
 * so the server writes plain text around the <wbr>s, as a template would.
 */
export function withDottedName(template: string, name: string): VNodeChild[] {
  const children: VNodeChild[] = []
  let text = ''
  template.split('{name}').forEach((part, index) => {
    if (index) {
      const segments = name.split(/(?<=\.)/)
      segments.forEach((segment, at) => {
        text += segment
        if (at < segments.length - 1) {
          children.push(text, h('wbr'))
          text = ''
        }
      })
    }
    text += part
  })
  if (text) children.push(text)
  return children
}

/** A name that may break after its dots, in an element of its own (a span unless told). */
export default defineComponent({
  props: { text: { type: String, required: true }, tag: { type: String, default: 'span' } },
  setup: props => () => h(props.tag, withDottedName('{name}', props.text)),
})
