/**
 * The session screens' messages: Bahasa Indonesia (`id`, the default) and English (`en`) with the same keys,
 * reached as `t('session.…')`.
 */
const id = {
  checking: 'Memeriksa sesi Anda…',
  redirecting: 'Mengalihkan ke halaman masuk petugas…',
  unavailable: 'Sesi petugas sedang tidak dapat diperiksa. Coba lagi beberapa saat lagi.',
  retry: 'Coba lagi',
  barLabel: 'Petugas yang masuk',
  office: 'Kantor {{office}}',
  allOffices: 'Semua kantor',
  logout: 'Keluar',
  loggingOut: 'Sedang keluar…',
  logoutFailed: 'Gagal keluar. Coba lagi.',
  roles: {
    'front-desk': 'Petugas loket',
    verifier: 'Verifikator',
    'head-of-office': 'Kepala kantor',
    'office-admin': 'Admin kantor',
    'platform-admin': 'Admin platform',
  },
  failedTitle: 'Gagal masuk',
  failed: {
    gagal: 'Proses masuk tidak dapat diselesaikan.',
    kedaluwarsa: 'Proses masuk sudah kedaluwarsa atau sudah digunakan.',
    'tidak-tersedia': 'Layanan masuk petugas sedang tidak tersedia. Coba lagi beberapa saat lagi.',
  },
  tryAgain: 'Masuk lagi',
};

export const sessionMessages: { id: typeof id; en: typeof id } = {
  id,
  en: {
    checking: 'Checking your session…',
    redirecting: 'Taking you to the officer sign-in…',
    unavailable: 'The officer session cannot be checked right now. Try again shortly.',
    retry: 'Try again',
    barLabel: 'Signed-in officer',
    office: 'Office {{office}}',
    allOffices: 'All offices',
    logout: 'Sign out',
    loggingOut: 'Signing out…',
    logoutFailed: 'Signing out failed. Try again.',
    roles: {
      'front-desk': 'Front desk',
      verifier: 'Verifier',
      'head-of-office': 'Head of office',
      'office-admin': 'Office admin',
      'platform-admin': 'Platform admin',
    },
    failedTitle: 'Sign-in failed',
    failed: {
      gagal: 'The sign-in could not be completed.',
      kedaluwarsa: 'The sign-in has expired or was already used.',
      'tidak-tersedia': 'Officer sign-in is unavailable right now. Try again shortly.',
    },
    tryAgain: 'Sign in again',
  },
};
