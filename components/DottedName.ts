import { h, type VNodeChild } from 'vue'

/** `text` with a break opportunity (<wbr>) after each dot: where a host-like name may wrap. */
export function dottedName(text: string): VNodeChild[] {
  return text.split(/(?<=\.)/).flatMap((segment, index) => index ? [h('wbr'), segment] : [segment])
}

/**
 * A name that may break after its dots ("misskey.example", "db.example.com"): at 200 %
 * text on a phone such a name is wider than its line, and would otherwise break inside
 * a label. A render function, so no template whitespace slips between the pieces.
 */
export default defineComponent({
  props: { text: { type: String, required: true } },
  setup: props => () => dottedName(props.text),
})
