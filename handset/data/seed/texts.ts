/** Texts the seed generator draws from: organisations, notes, events, service SMS. */

/** Organisations and job titles for contacts. */
export const ORGS = [
  'Siemens AG',
  'Société Générale',
  'ПАО «Газпром»',
  'Ελληνικά Ταχυδρομεία',
  'シャープ株式会社',
  '华为技术有限公司',
  'Nordwind Logistik GmbH',
  'Café de Flore',
  'Stadtwerke Köln',
  'Orange Polska',
];
export const TITLES = [
  'Ingenieurin',
  'Directeur commercial',
  'Менеджер',
  'Λογιστής',
  '部長',
  '工程师',
  'Project Manager',
  'Kierownik zmiany',
  'مدير المبيعات',
];

/** Notes: short summaries with multi-line bodies. */
export const NOTES: readonly (readonly [summary: string, body: string])[] = [
  ['Einkaufsliste', 'Milch\nBrötchen\nÄpfel (6 Stück)\nKäse — Emmentaler'],
  ['Idées cadeaux', 'Pour Noël :\n- livre de cuisine\n- écharpe en laine\n- billets de théâtre 🎭'],
  ['Пароль от Wi-Fi на даче', 'Сеть: Дача_5G\nСпросить у соседа новый пароль'],
  ['会议记录', '第一季度目标：\n1. 提高销量\n2. 扩展新市场\n下次会议：周五'],
  ['買い物メモ', '牛乳、卵、パン\nお米 5kg\n洗剤'],
  ['Lista zakupów', 'Chleb, masło, ogórki kiszone\nŻurek na niedzielę'],
  ['Σημειώσεις ταξιδιού', 'Πτήση: Αθήνα → Ηράκλειο 08:40\nΞενοδοχείο: Κνωσός Παλάς'],
  ['Parking', 'Level 3, bay C-42 🅿️'],
  ['ملاحظات', 'موعد الطبيب يوم الأحد الساعة العاشرة'],
  [
    'Book list',
    '1. Der Zauberberg\n2. À la recherche du temps perdu\n3. Мастер и Маргарита\n4. 三体',
  ],
  [
    'Rezept Apfelstrudel',
    'Teig: 250 g Mehl, 1 Ei, 125 ml Wasser\nFüllung: 1 kg Äpfel, Zimt, Rosinen, Zucker\n180 °C, 45 Minuten',
  ],
  ['TODO', '☐ Steuererklärung\n☑ Reifenwechsel\n☐ Zahnarzt anrufen'],
];

/** Calendar events: summary, optional location, RRULE (undefined = single). */
export const EVENTS: readonly (readonly [
  summary: string,
  location: string | undefined,
  rrule: string | undefined,
])[] = [
  ['Teambesprechung', 'Raum 3.14, Königsallee 1', 'FREQ=WEEKLY;BYDAY=MO'],
  ['Zahnarzt Dr. Günther', 'Praxis am Schloßpark', undefined],
  ['Cours de yoga 🧘', 'Studio Lumière, Besançon', 'FREQ=WEEKLY;BYDAY=WE;COUNT=20'],
  ['Réunion trimestrielle', 'Salle Molière', 'FREQ=MONTHLY;INTERVAL=3'],
  ['Спортзал', 'Фитнес-центр «Олимп»', 'FREQ=WEEKLY;BYDAY=TU,TH'],
  ['День рождения мамы 🎂', undefined, 'FREQ=YEARLY'],
  ['Συνάντηση με πελάτη', 'Γραφείο Αθήνας', undefined],
  ['项目评审会', '会议室 A', 'FREQ=WEEKLY;BYDAY=FR;COUNT=10'],
  ['歯医者', '渋谷デンタルクリニック', undefined],
  ['Spotkanie z księgową', 'ul. Świętokrzyska 12', undefined],
  ['اجتماع العائلة', 'دبي', 'FREQ=MONTHLY;BYMONTHDAY=1'],
  ['Flight LH 1234 ✈️', 'Frankfurt (FRA) → Kraków (KRK)', undefined],
  ['Standup', 'Teams', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=60'],
  ['Elternabend', 'Grundschule Lübeck', undefined],
  ['Oma besuchen ❤️', 'München', 'FREQ=MONTHLY;BYDAY=1SU'],
];

/** Extra SMS texts without a language of their own (codes, services). */
export const SERVICE_SMS = [
  'Ihr Bestätigungscode lautet 482913. Gültig für 10 Minuten.',
  'Votre colis 6A1234567890 sera livré demain entre 9h et 13h.',
  'Ваш код подтверждения: 7315',
  'Your verification code is 559201',
  '【顺丰速运】您的快件已签收，感谢使用。',
];
