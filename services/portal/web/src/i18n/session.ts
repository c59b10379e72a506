/**
 * The session screens' messages: Bahasa Indonesia (`id`, the default) and English (`en`) with the same keys,
 * reached as `t('session.…')`.
 */
const id = {};

export const sessionMessages: { id: typeof id; en: typeof id } = {
  id,
  en: {},
};
