import { Language, MessageTemplate, NotificationKind } from './catalogue';

/**
 * The messages every office sends unless it has its own (`NOTIFY_TEMPLATES_DIR`). `{{field}}` is replaced
 * by the field's value; a paragraph that is only a list field becomes a bullet list. The tracking code is
 * never a field: the applicant got it at submission, and it is never sent by SMS or email.
 */
export const DEFAULT_TEMPLATES: Record<NotificationKind, Record<Language, MessageTemplate>> = {
  RECEIVED: {
    id: {
      subject: 'Permohonan {{applicationNumber}} diterima',
      body: `Permohonan perizinan berusaha untuk {{businessName}} telah kami terima dengan nomor permohonan {{applicationNumber}} pada {{submittedAt}}.

Anda dapat memantau statusnya di {{trackingUrl}} dengan nomor permohonan dan kode pelacakan yang Anda terima saat mengajukan. Jangan bagikan kode pelacakan kepada siapa pun.

Kami akan mengabari Anda bila ada perkembangan.`,
      sms: '{{officeName}}: permohonan {{applicationNumber}} diterima. Pantau status di {{trackingUrl}} dengan kode pelacakan dari saat pengajuan.',
    },
    en: {
      subject: 'Application {{applicationNumber}} received',
      body: `We have received the business licensing application for {{businessName}} under application number {{applicationNumber}} on {{submittedAt}}.

You can follow its status at {{trackingUrl}} with the application number and the tracking code you were given when you applied. Do not share the tracking code with anyone.

We will let you know when anything changes.`,
      sms: '{{officeName}}: application {{applicationNumber}} received. Track it at {{trackingUrl}} with the tracking code you were given.',
    },
  },
  REVISION_REQUESTED: {
    id: {
      subject: 'Permohonan {{applicationNumber}} perlu diperbaiki',
      body: `Petugas verifikasi meminta perbaikan dokumen untuk permohonan {{applicationNumber}} ({{businessName}}):

{{reasons}}

Unggah dokumen yang diminta lalu ajukan kembali melalui {{trackingUrl}}. Batas waktu layanan berhenti berjalan sampai Anda mengajukan kembali.`,
      sms: '{{officeName}}: permohonan {{applicationNumber}} perlu perbaikan dokumen. Rinciannya ada di email dan halaman lacak.',
    },
    en: {
      subject: 'Application {{applicationNumber}} needs corrections',
      body: `The verifying officer asks for corrected or missing documents for application {{applicationNumber}} ({{businessName}}):

{{reasons}}

Upload the documents asked for and resubmit at {{trackingUrl}}. The service-level clock stops until you resubmit.`,
      sms: '{{officeName}}: application {{applicationNumber}} needs corrected documents. See your email or the tracking page.',
    },
  },
  REJECTED: {
    id: {
      subject: 'Permohonan {{applicationNumber}} ditolak',
      body: `Dengan menyesal kami sampaikan bahwa permohonan {{applicationNumber}} ({{businessName}}) ditolak dengan alasan:

{{reasons}}

Bila Anda tidak setuju, Anda dapat mengajukan keberatan secara tertulis kepada {{officeName}} dalam 14 hari kerja dengan menyebutkan nomor permohonan, atau mengajukan permohonan baru setelah memperbaiki hal di atas.`,
      sms: '{{officeName}}: permohonan {{applicationNumber}} ditolak. Alasan dan cara mengajukan keberatan ada di email Anda.',
    },
    en: {
      subject: 'Application {{applicationNumber}} rejected',
      body: `We regret to tell you that application {{applicationNumber}} ({{businessName}}) was rejected for these reasons:

{{reasons}}

If you disagree, you may object in writing to {{officeName}} within 14 working days, naming the application number, or apply again once the points above are put right.`,
      sms: '{{officeName}}: application {{applicationNumber}} was rejected. Reasons and how to object are in your email.',
    },
  },
  AWAITING_APPROVAL: {
    id: {
      subject: 'Permohonan {{applicationNumber}} menunggu persetujuan',
      body: `Dokumen permohonan {{applicationNumber}} ({{businessName}}) telah diverifikasi. Karena tingkat risikonya tinggi, izin menunggu persetujuan kepala kantor {{officeName}}, paling lambat {{dueDate}}.

Status terkini: {{trackingUrl}}`,
      sms: '{{officeName}}: permohonan {{applicationNumber}} terverifikasi dan menunggu persetujuan kepala kantor.',
    },
    en: {
      subject: 'Application {{applicationNumber}} is waiting for approval',
      body: `The documents of application {{applicationNumber}} ({{businessName}}) are verified. As its risk level is high, the permit waits for the approval of the head of {{officeName}}, due by {{dueDate}}.

Current status: {{trackingUrl}}`,
      sms: '{{officeName}}: application {{applicationNumber}} is verified and waits for the head of office.',
    },
  },
  ISSUED: {
    id: {
      subject: 'Izin untuk permohonan {{applicationNumber}} telah terbit',
      body: `Selamat! Perizinan berusaha untuk {{businessName}} (permohonan {{applicationNumber}}) telah terbit pada {{issuedAt}}. NIB Anda: {{nib}}.

{{permits}}

Unduh sertifikat dan periksa keabsahannya di:

{{links}}`,
      sms: '{{officeName}}: izin permohonan {{applicationNumber}} terbit. NIB {{nib}}. Tautan sertifikat ada di email Anda.',
    },
    en: {
      subject: 'Permit for application {{applicationNumber}} issued',
      body: `Congratulations! The business licence for {{businessName}} (application {{applicationNumber}}) was issued on {{issuedAt}}. Your NIB: {{nib}}.

{{permits}}

Download the certificates and check them at:

{{links}}`,
      sms: '{{officeName}}: permit for application {{applicationNumber}} issued. NIB {{nib}}. Certificate links are in your email.',
    },
  },
  ISSUED_DEEMED: {
    id: {
      subject: 'Izin untuk permohonan {{applicationNumber}} telah terbit (fiktif positif)',
      body: `Selamat! Perizinan berusaha untuk {{businessName}} (permohonan {{applicationNumber}}) telah terbit pada {{issuedAt}}. NIB Anda: {{nib}}.

{{permits}}

{{deemedPermits}} terbit karena hukum (fiktif positif) berdasarkan {{deemedBasis}}, karena {{officeName}} tidak memberikan keputusan sampai batas waktunya.

Unduh sertifikat dan periksa keabsahannya di:

{{links}}`,
      sms: '{{officeName}}: izin permohonan {{applicationNumber}} terbit. NIB {{nib}}. {{deemedPermits}} terbit karena hukum (fiktif positif) berdasarkan {{deemedBasis}}. Tautan sertifikat ada di email Anda.',
    },
    en: {
      subject: 'Permit for application {{applicationNumber}} issued (fiktif positif)',
      body: `Congratulations! The business licence for {{businessName}} (application {{applicationNumber}}) was issued on {{issuedAt}}. Your NIB: {{nib}}.

{{permits}}

{{deemedPermits}} was issued by operation of law (fiktif positif) under {{deemedBasis}}, because {{officeName}} did not decide by the deadline.

Download the certificates and check them at:

{{links}}`,
      sms: '{{officeName}}: permit for application {{applicationNumber}} issued. NIB {{nib}}. {{deemedPermits}} was issued by operation of law (fiktif positif) under {{deemedBasis}}. Certificate links are in your email.',
    },
  },
  REVOKED: {
    id: {
      subject: 'Izin {{permitNumber}} dicabut',
      body: `{{permitType}} nomor {{permitNumber}} (permohonan {{applicationNumber}}, {{businessName}}) dicabut oleh {{officeName}} pada {{revokedAt}} dengan alasan:

{{reason}}

Hubungi {{officeName}} bila Anda memerlukan penjelasan atau ingin mengajukan keberatan.`,
      sms: '{{officeName}}: izin {{permitNumber}} (permohonan {{applicationNumber}}) dicabut. Alasannya ada di email Anda.',
    },
    en: {
      subject: 'Permit {{permitNumber}} revoked',
      body: `{{permitType}} number {{permitNumber}} (application {{applicationNumber}}, {{businessName}}) was revoked by {{officeName}} on {{revokedAt}} for this reason:

{{reason}}

Contact {{officeName}} if you need an explanation or wish to object.`,
      sms: '{{officeName}}: permit {{permitNumber}} (application {{applicationNumber}}) was revoked. The reason is in your email.',
    },
  },
  WITHDRAWN: {
    id: {
      subject: 'Permohonan {{applicationNumber}} dibatalkan',
      body: `Permohonan {{applicationNumber}} ({{businessName}}) telah dibatalkan atas permintaan Anda pada {{withdrawnAt}}. Tidak ada tindakan lain yang diperlukan.`,
      sms: '{{officeName}}: permohonan {{applicationNumber}} telah dibatalkan.',
    },
    en: {
      subject: 'Application {{applicationNumber}} withdrawn',
      body: `Application {{applicationNumber}} ({{businessName}}) was withdrawn at your request on {{withdrawnAt}}. Nothing else is needed from you.`,
      sms: '{{officeName}}: application {{applicationNumber}} was withdrawn.',
    },
  },
  SLA_DUE_SOON: {
    id: {
      subject: 'Batas waktu layanan besok: permohonan {{applicationNumber}}',
      body: `Tahap {{stage}} permohonan {{applicationNumber}} di {{officeName}} jatuh tempo paling lambat {{dueAt}}, dalam satu hari kerja.

Mohon diperiksa di antrean petugas sebelum batas waktu terlewati.`,
      sms: 'Permohonan {{applicationNumber}} jatuh tempo dalam satu hari kerja.',
    },
    en: {
      subject: 'Service level due soon: application {{applicationNumber}}',
      body: `The {{stage}} stage of application {{applicationNumber}} at {{officeName}} is due by {{dueAt}}, within one working day.

Please review it in the officers' queue before the due date passes.`,
      sms: 'Application {{applicationNumber}} is due within one working day.',
    },
  },
  SLA_DUE_SOON_DEEMED: {
    id: {
      subject: 'Batas waktu layanan besok, fiktif positif: permohonan {{applicationNumber}}',
      body: `Tahap {{stage}} permohonan {{applicationNumber}} di {{officeName}} jatuh tempo paling lambat {{dueAt}}, dalam satu hari kerja.

Bila belum diputuskan sampai batas waktu tersebut, Sertifikat Standar permohonan ini dianggap terverifikasi karena hukum (fiktif positif) berdasarkan {{deemedBasis}}.

Mohon diperiksa di antrean petugas sebelum batas waktu terlewati.`,
      sms: 'Permohonan {{applicationNumber}} jatuh tempo dalam satu hari kerja; bila belum diputuskan, Sertifikat Standar dianggap terverifikasi karena hukum (fiktif positif).',
    },
    en: {
      subject: 'Service level due soon, fiktif positif: application {{applicationNumber}}',
      body: `The {{stage}} stage of application {{applicationNumber}} at {{officeName}} is due by {{dueAt}}, within one working day.

If it is not decided by then, the Sertifikat Standar of this application is deemed verified by operation of law (fiktif positif) under {{deemedBasis}}.

Please review it in the officers' queue before the due date passes.`,
      sms: 'Application {{applicationNumber}} is due within one working day; if not decided, its Sertifikat Standar is deemed verified by operation of law (fiktif positif).',
    },
  },
  SLA_BREACHED: {
    id: {
      subject: 'Batas waktu layanan terlewati: permohonan {{applicationNumber}}',
      body: `Tahap {{stage}} permohonan {{applicationNumber}} di {{officeName}} melewati batas waktu layanan ({{dueAt}}).

Mohon segera ditindaklanjuti di antrean petugas.`,
      sms: 'Batas waktu layanan permohonan {{applicationNumber}} terlewati.',
    },
    en: {
      subject: 'Service level missed: application {{applicationNumber}}',
      body: `The {{stage}} stage of application {{applicationNumber}} at {{officeName}} missed its service-level due date ({{dueAt}}).

Please act on it in the officers' queue.`,
      sms: 'Service level missed for application {{applicationNumber}}.',
    },
  },
  APPROVAL_DUE_SOON: {
    id: {
      subject: 'Batas waktu persetujuan besok: permohonan {{applicationNumber}}',
      body: `Persetujuan Izin permohonan {{applicationNumber}} di {{officeName}} jatuh tempo paling lambat {{dueAt}}, dalam satu hari kerja.

Mohon diputuskan di halaman Persetujuan sebelum batas waktu terlewati.`,
      sms: 'Persetujuan permohonan {{applicationNumber}} jatuh tempo dalam satu hari kerja.',
    },
    en: {
      subject: 'Approval due soon: application {{applicationNumber}}',
      body: `The approval of the Izin of application {{applicationNumber}} at {{officeName}} is due by {{dueAt}}, within one working day.

Please decide it on the Approvals page before the due date passes.`,
      sms: 'The approval of application {{applicationNumber}} is due within one working day.',
    },
  },
  APPROVAL_DUE_SOON_DEEMED: {
    id: {
      subject: 'Batas waktu persetujuan besok, fiktif positif: permohonan {{applicationNumber}}',
      body: `Persetujuan Izin permohonan {{applicationNumber}} di {{officeName}} jatuh tempo paling lambat {{dueAt}}, dalam satu hari kerja.

Bila belum diputuskan sampai batas waktu tersebut, Izin terbit karena hukum (fiktif positif) berdasarkan {{deemedBasis}}.

Mohon diputuskan di halaman Persetujuan sebelum batas waktu terlewati.`,
      sms: 'Persetujuan permohonan {{applicationNumber}} jatuh tempo dalam satu hari kerja; bila belum diputuskan, Izin terbit karena hukum (fiktif positif).',
    },
    en: {
      subject: 'Approval due soon, fiktif positif: application {{applicationNumber}}',
      body: `The approval of the Izin of application {{applicationNumber}} at {{officeName}} is due by {{dueAt}}, within one working day.

If it is not decided by then, the Izin is issued by operation of law (fiktif positif) under {{deemedBasis}}.

Please decide it on the Approvals page before the due date passes.`,
      sms: 'The approval of application {{applicationNumber}} is due within one working day; if not decided, the Izin is issued by operation of law (fiktif positif).',
    },
  },
  APPROVAL_DEEMED_ISSUED: {
    id: {
      subject: 'Izin terbit karena hukum (fiktif positif): permohonan {{applicationNumber}}',
      body: `Persetujuan Izin permohonan {{applicationNumber}} di {{officeName}} tidak diputuskan sampai batas waktunya ({{dueAt}}).

Karena itu Izin telah terbit karena hukum (fiktif positif) berdasarkan {{deemedBasis}}; dasar hukum tersebut tercantum pada Izin dan sertifikatnya.`,
      sms: 'Izin permohonan {{applicationNumber}} terbit karena hukum (fiktif positif): batas waktu persetujuan terlewati.',
    },
    en: {
      subject: 'Izin issued by operation of law (fiktif positif): application {{applicationNumber}}',
      body: `The approval of the Izin of application {{applicationNumber}} at {{officeName}} was not decided by its due date ({{dueAt}}).

The Izin has therefore been issued by operation of law (fiktif positif) under {{deemedBasis}}; the permit and its certificate name that basis.`,
      sms: 'The Izin of application {{applicationNumber}} was issued by operation of law (fiktif positif): the approval due date passed.',
    },
  },
};

/** Words of the layout around every email (greeting, signature, unsubscribe), per language. */
export const LAYOUT: Record<Language, { greeting: string; signature: string; unsubscribe: string; why: string }> = {
  id: {
    greeting: 'Yth. Bapak/Ibu,',
    signature: 'Hormat kami,',
    why: 'Anda menerima pesan ini karena mencantumkan alamat email ini pada permohonan perizinan.',
    unsubscribe: 'Berhenti menerima pesan tentang permohonan ini',
  },
  en: {
    greeting: 'Dear applicant,',
    signature: 'Kind regards,',
    why: 'You receive this message because this email address was given on a licensing application.',
    unsubscribe: 'Stop messages about this application',
  },
};
