import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { applyMessages } from './apply';
import { en } from './en';
import { id } from './id';
import { officerMessages } from './officer';
import { sessionMessages } from './session';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'mpp.language';

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

/** Bahasa Indonesia by default, English as a switch; `<html lang>` follows the choice (kept in localStorage). */
export function setUpI18n() {
  void i18next.use(initReactI18next).init({
    resources: {
      id: { translation: { ...id, apply: applyMessages.id, officer: officerMessages.id, session: sessionMessages.id } },
      en: { translation: { ...en, apply: applyMessages.en, officer: officerMessages.en, session: sessionMessages.en } },
    },
    lng: storedLanguage(),
    fallbackLng: 'id',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // private mode: the choice lasts for the page
    }
  });
  return i18next;
}

/** Locale for Intl formatting of the chosen language. */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-ID' : 'id-ID';
}
