/**
 * The officer screens' messages: Bahasa Indonesia (`id`, the default) and English (`en`) with the same keys,
 * reached as `t('officer.…')`.
 */
const id = {};

export const officerMessages: { id: typeof id; en: typeof id } = {
  id,
  en: {},
};
