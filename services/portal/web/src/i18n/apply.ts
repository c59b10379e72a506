/**
 * The apply screens' messages: Bahasa Indonesia (`id`, the default) and English (`en`) with the same keys,
 * reached as `t('apply.…')`.
 */
const id = {};

export const applyMessages: { id: typeof id; en: typeof id } = {
  id,
  en: {},
};
