import type { PropType } from 'vue'
import { dottedName } from './DottedName'

/** A sentence naming the instance ("{instance} is down"), the name breakable after its dots (see DottedName). */
export default defineComponent({
  props: { message: { type: String as PropType<MessageKey>, required: true } },
  setup(props) {
    const { t } = useI18n()
    const instanceName = useInstanceName()
    return () => t(props.message).split('{instance}').flatMap((part, index) => index ? [...dottedName(instanceName.value), part] : [part])
  },
})
