/**
 * Word lists the seed generator draws from: names, places, numbers and texts in several
 * languages and scripts, so that seeded handsets exercise non-ASCII handling everywhere.
 */
import type { Prng } from '../prng.js';

/** One language/country the generator can make people and texts for. */
export interface Locale {
  readonly tag: string;
  readonly given: readonly string[];
  readonly family: readonly string[];
  /** Family name first in the display name (Chinese, Japanese). */
  readonly familyFirst?: boolean;
  readonly country: string;
  readonly cities: readonly (readonly [city: string, region: string])[];
  readonly streets: readonly string[];
  /** Postcode digits (or a pattern with `#` for digits). */
  readonly postcode: string;
  /** Makes a mobile number in international form. */
  readonly mobile: (r: Prng) => string;
  readonly sms: readonly string[];
  /** Latin transliteration of names for e-mail addresses. */
  readonly mailDomain: string;
}

const d = (r: Prng, n: number): string => r.digits(n);

export const LOCALES: readonly Locale[] = [
  {
    tag: 'de',
    given: [
      'Jürgen',
      'Sören',
      'Günther',
      'Lena',
      'Jörg',
      'Mareike',
      'Björn',
      'Käthe',
      'Uwe',
      'Anneliese',
      'Maximilian',
      'Hannah',
    ],
    family: [
      'Müller',
      'Schröder',
      'Weiß',
      'Groß',
      'Köhler',
      'Bäcker',
      'Schäfer',
      'Hoffmann',
      'Wagner',
      'Fußmann',
    ],
    country: 'Deutschland',
    cities: [
      ['München', 'Bayern'],
      ['Köln', 'Nordrhein-Westfalen'],
      ['Düsseldorf', 'Nordrhein-Westfalen'],
      ['Berlin', 'Berlin'],
      ['Lübeck', 'Schleswig-Holstein'],
    ],
    streets: ['Hauptstraße', 'Schloßallee', 'Königsweg', 'Mühlenstraße', 'Am Bärenzwinger'],
    postcode: '#####',
    mobile: (r) => `+49 1${r.pick(['51', '52', '57', '60', '70', '76'])} ${d(r, 7)}`,
    sms: [
      'Bin gleich da, stehe noch im Stau 🚗',
      'Kannst du bitte Brötchen mitbringen?',
      'Alles Gute zum Geburtstag! 🎂🎉',
      'Treffen wir uns um 19 Uhr am Bahnhof?',
      'Danke für gestern, war sehr schön!',
      'Die Sitzung ist auf Donnerstag verschoben.',
      'Hast du die Schlüssel für die Garage?',
      'Grüße aus Österreich ⛰️',
    ],
    mailDomain: 'example.de',
  },
  {
    tag: 'fr',
    given: [
      'Élodie',
      'François',
      'Hélène',
      'Jérôme',
      'Chloé',
      'Benoît',
      'Céline',
      'Noël',
      'Gaëlle',
      'Thérèse',
      'Loïc',
    ],
    family: [
      'Lefèvre',
      'Dupré',
      'Moreau',
      'Chevalier',
      'Bérubé',
      'Lemaître',
      'Girard',
      'Rivière',
      'Béranger',
    ],
    country: 'France',
    cities: [
      ['Montréal-la-Cluse', 'Auvergne-Rhône-Alpes'],
      ['Besançon', 'Bourgogne-Franche-Comté'],
      ['Orléans', 'Centre-Val de Loire'],
      ['Nîmes', 'Occitanie'],
      ['Paris', 'Île-de-France'],
    ],
    streets: [
      'rue de la Paix',
      'avenue des Champs-Élysées',
      'place de l’Église',
      'boulevard Saint-Michel',
      'rue du Château',
    ],
    postcode: '#####',
    mobile: (r) => `+33 ${r.pick(['6', '7'])} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
    sms: [
      'Je suis en retard, désolé ! 😅',
      'On se retrouve au café à 18h ?',
      'Bon anniversaire ma chérie ❤️',
      'N’oublie pas le pain et le fromage.',
      'Réunion déplacée à jeudi matin.',
      'Merci pour ton aide, c’était génial !',
      'Tu as vu le match hier soir ? ⚽',
    ],
    mailDomain: 'exemple.fr',
  },
  {
    tag: 'pl',
    given: [
      'Łukasz',
      'Małgorzata',
      'Paweł',
      'Grażyna',
      'Wojciech',
      'Żaneta',
      'Zbigniew',
      'Agnieszka',
      'Michał',
      'Jędrzej',
    ],
    family: [
      'Wiśniewski',
      'Wójcik',
      'Kowalczyk',
      'Krzyżanowska',
      'Dąbrowski',
      'Zieliński',
      'Łęcka',
      'Szczęsny',
      'Gołąb',
    ],
    country: 'Polska',
    cities: [
      ['Łódź', 'łódzkie'],
      ['Kraków', 'małopolskie'],
      ['Gdańsk', 'pomorskie'],
      ['Wrocław', 'dolnośląskie'],
      ['Poznań', 'wielkopolskie'],
    ],
    streets: [
      'ul. Żeromskiego',
      'ul. Piłsudskiego',
      'al. Jerozolimskie',
      'ul. Świętokrzyska',
      'ul. Długa',
    ],
    postcode: '##-###',
    mobile: (r) => `+48 ${r.pick(['5', '6', '7', '8'])}${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
    sms: [
      'Zadzwoń, jak będziesz mógł.',
      'Wszystkiego najlepszego z okazji urodzin! 🎈',
      'Spóźnię się 10 minut, przepraszam.',
      'Kupisz mleko i chleb?',
      'Dzięki za wczoraj, było świetnie 👍',
      'Pociąg ma opóźnienie, będę ok. 20:15.',
    ],
    mailDomain: 'przyklad.pl',
  },
  {
    tag: 'ru',
    given: [
      'Алексей',
      'Наталья',
      'Дмитрий',
      'Ольга',
      'Сергей',
      'Екатерина',
      'Юрий',
      'Татьяна',
      'Иван',
      'Людмила',
    ],
    family: [
      'Иванов',
      'Смирнова',
      'Кузнецов',
      'Попова',
      'Соколов',
      'Лебедева',
      'Новиков',
      'Фёдорова',
      'Морозов',
    ],
    country: 'Россия',
    cities: [
      ['Москва', 'Москва'],
      ['Санкт-Петербург', 'Санкт-Петербург'],
      ['Новосибирск', 'Новосибирская обл.'],
      ['Казань', 'Татарстан'],
      ['Екатеринбург', 'Свердловская обл.'],
    ],
    streets: ['ул. Ленина', 'Невский проспект', 'ул. Пушкина', 'Тверская ул.', 'ул. Гагарина'],
    postcode: '######',
    mobile: (r) => `+7 9${d(r, 2)} ${d(r, 3)}-${d(r, 2)}-${d(r, 2)}`,
    sms: [
      'Буду через полчаса, жди.',
      'С днём рождения! Счастья и здоровья! 🎁',
      'Перезвони, пожалуйста, когда освободишься.',
      'Встреча переносится на пятницу.',
      'Спасибо большое за помощь!',
      'Купи, пожалуйста, молоко и хлеб.',
    ],
    mailDomain: 'primer.ru',
  },
  {
    tag: 'el',
    given: [
      'Γιώργος',
      'Μαρία',
      'Νίκος',
      'Ελένη',
      'Δημήτρης',
      'Κατερίνα',
      'Σπύρος',
      'Αθηνά',
      'Κώστας',
    ],
    family: [
      'Παπαδόπουλος',
      'Γεωργίου',
      'Οικονόμου',
      'Νικολάου',
      'Καραγιάννης',
      'Αλεξίου',
      'Βλάχου',
    ],
    country: 'Ελλάδα',
    cities: [
      ['Αθήνα', 'Αττική'],
      ['Θεσσαλονίκη', 'Κεντρική Μακεδονία'],
      ['Πάτρα', 'Δυτική Ελλάδα'],
      ['Ηράκλειο', 'Κρήτη'],
    ],
    streets: ['Οδός Ερμού', 'Λεωφόρος Συγγρού', 'Οδός Αιόλου', 'Πλατεία Συντάγματος'],
    postcode: '### ##',
    mobile: (r) => `+30 69${d(r, 1)} ${d(r, 3)} ${d(r, 4)}`,
    sms: [
      'Θα αργήσω λίγο, συγγνώμη!',
      'Χρόνια πολλά! 🎉',
      'Τα λέμε αύριο στο γραφείο.',
      'Ευχαριστώ πολύ για όλα ☺️',
      'Πάρε με τηλέφωνο όταν μπορείς.',
    ],
    mailDomain: 'paradeigma.gr',
  },
  {
    tag: 'ar',
    given: ['محمد', 'فاطمة', 'أحمد', 'ليلى', 'يوسف', 'مريم', 'عمر', 'نور', 'خالد'],
    family: ['العلي', 'الحسن', 'المنصور', 'الخطيب', 'السيد', 'القاسم', 'النجار'],
    country: 'الإمارات العربية المتحدة',
    cities: [
      ['دبي', 'دبي'],
      ['أبوظبي', 'أبوظبي'],
      ['الشارقة', 'الشارقة'],
    ],
    streets: ['شارع الشيخ زايد', 'شارع الملك فيصل', 'شارع الكورنيش'],
    postcode: '#####',
    mobile: (r) => `+971 5${r.pick(['0', '2', '5', '6'])} ${d(r, 3)} ${d(r, 4)}`,
    sms: [
      'سأصل بعد عشر دقائق إن شاء الله',
      'كل عام وأنت بخير 🌙',
      'شكراً جزيلاً على المساعدة',
      'هل يمكنك الاتصال بي لاحقاً؟',
      'الاجتماع غداً الساعة التاسعة صباحاً',
    ],
    mailDomain: 'example.ae',
  },
  {
    tag: 'zh',
    given: ['伟', '芳', '秀英', '敏', '静', '丽', '强', '磊', '洋', '婷'],
    family: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'],
    familyFirst: true,
    country: '中国',
    cities: [
      ['北京', '北京市'],
      ['上海', '上海市'],
      ['广州', '广东省'],
      ['深圳', '广东省'],
      ['成都', '四川省'],
    ],
    streets: ['长安街', '南京路', '中山路', '人民路', '解放路'],
    postcode: '######',
    mobile: (r) => `+86 1${r.pick(['38', '39', '50', '58', '86', '88'])} ${d(r, 4)} ${d(r, 4)}`,
    sms: [
      '我马上到，请稍等。',
      '生日快乐！🎂',
      '明天的会议改到下午三点。',
      '谢谢你的帮助！',
      '晚上一起吃饭吗？🍜',
      '到家了吗？路上注意安全。',
    ],
    mailDomain: 'example.cn',
  },
  {
    tag: 'ja',
    given: ['翔太', 'さくら', '大輔', '陽子', '健一', '美咲', '拓也', '由美', '蓮'],
    family: ['佐藤', '鈴木', '高橋', '田中', '渡辺', '伊藤', '山本', '中村', '小林'],
    familyFirst: true,
    country: '日本',
    cities: [
      ['東京', '東京都'],
      ['大阪', '大阪府'],
      ['京都', '京都府'],
      ['札幌', '北海道'],
      ['福岡', '福岡県'],
    ],
    streets: ['銀座1丁目', '梅田3丁目', '四条通', '大通西5丁目', '天神2丁目'],
    postcode: '###-####',
    mobile: (r) => `+81 ${r.pick(['70', '80', '90'])}-${d(r, 4)}-${d(r, 4)}`,
    sms: [
      '今から出ます！',
      'お誕生日おめでとう🎉',
      '明日の打ち合わせは10時からです。',
      'ありがとうございました🙏',
      '駅に着いたら連絡してね。',
      '了解です！',
    ],
    mailDomain: 'example.jp',
  },
  {
    tag: 'en',
    given: [
      'Oliver',
      'Amelia',
      'James',
      'Sophie',
      'Harry',
      'Chloe',
      'Liam',
      'Zoë',
      'Seán',
      'Siobhán',
    ],
    family: [
      'Smith',
      'O’Brien',
      'Taylor',
      'Brown',
      'Wilson',
      'Davies',
      'MacLeod',
      'Evans',
      'Thompson',
    ],
    country: 'United Kingdom',
    cities: [
      ['London', 'Greater London'],
      ['Edinburgh', 'Scotland'],
      ['Cardiff', 'Wales'],
      ['Manchester', 'Greater Manchester'],
    ],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Avenue'],
    postcode: 'SW# #AB',
    mobile: (r) => `+44 7${d(r, 3)} ${d(r, 6)}`,
    sms: [
      'Running 10 mins late, sorry!',
      'Happy birthday!! 🥳',
      'Can you pick up milk on the way home?',
      'Meeting moved to 3pm tomorrow.',
      'Thanks for dinner, it was lovely 😊',
      'Call me when you get this.',
      'Are we still on for Saturday?',
    ],
    mailDomain: 'example.co.uk',
  },
];

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

/** Fills `#` with digits and `A`/`B` with capital letters. */
export function fillPattern(r: Prng, pattern: string): string {
  return pattern.replace(/[#AB]/g, (c) =>
    c === '#' ? String(r.int(0, 9)) : String.fromCharCode(65 + r.int(0, 25)),
  );
}
