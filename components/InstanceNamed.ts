import type { PropType } from 'vue'
import { withDottedName } from './DottedName'

/** A sentence naming the instance ("{instance} is down") in its element, the name breakable after its dots (see DottedName). */
export default defineComponent({
  props: { message: { type: String as PropType<MessageKey>, required: true }, tag: { type: String, required: true } },
  setup(props) {
    const { t } = useI18n()
    const instanceName = useInstanceName()
    return () => h(props.tag, withDottedName(t(props.message).replaceAll('{instance}', '{name}'), instanceName.value))
  },
})
