// The wording of participant messages: built-in defaults per kind and language, and the
// renderer for a coordinator's own wording. Placeholders are {{name}}; only the ones in
// PLACEHOLDERS exist, and the editor refuses any other. Nothing here may carry PHI beyond
// the participant's own first name: no programme, diagnosis, score or other member.
export const TEMPLATE_KINDS = ["INVITATION", "REMINDER", "SESSION_REMINDER", "SESSION_CHANGED", "SESSION_CANCELLED", "SEAT_OFFER"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TEMPLATE_KIND_LABEL: Record<TemplateKind, string> = {
  INVITATION: "Questionnaire invitation",
  REMINDER: "Questionnaire reminder",
  SESSION_REMINDER: "Session reminder",
  SESSION_CHANGED: "Session changed",
  SESSION_CANCELLED: "Session cancelled",
  SEAT_OFFER: "Seat offer (waitlist)",
};

export const LANGUAGES = { en: "English", es: "Español" } as const;
export type Language = keyof typeof LANGUAGES;

export const PLACEHOLDERS = {
  firstName: "the participant's first name",
  date: "the session's date (a seat offer: the date to answer by), in the participant's time zone",
  time: "the session's start time (a seat offer: the time to answer by), in the participant's time zone",
  link: "the participant's personal page (questionnaires, sessions, preferences)",
  preparation: "the programme's preparation text (dosing sessions: the dosing text)",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

export type TemplateText = { subject: string; body: string; smsBody: string };

const en: Record<TemplateKind, TemplateText> = {
  INVITATION: {
    subject: "Your questionnaires are ready",
    body: "Hello {{firstName}},\n\nYour next questionnaires are ready. They take about 10 minutes:\n{{link}}\n\nThank you.",
    smsBody: "Hello {{firstName}}, your questionnaires are ready: {{link}}",
  },
  REMINDER: {
    subject: "Reminder: your questionnaires",
    body: "Hello {{firstName}},\n\nA reminder that your questionnaires are still open:\n{{link}}\n\nThank you.",
    smsBody: "Reminder, {{firstName}}: your questionnaires are still open: {{link}}",
  },
  SESSION_REMINDER: {
    subject: "Reminder: your session on {{date}}",
    body: "Hello {{firstName}},\n\nYour next session is on {{date}} at {{time}}.\n\n{{preparation}}\n\nDetails and directions: {{link}}",
    smsBody: "{{firstName}}, your next session is {{date}} at {{time}}. Details: {{link}}",
  },
  SESSION_CHANGED: {
    subject: "Your session has moved to {{date}}",
    body: "Hello {{firstName}},\n\nYour session has moved. It is now on {{date}} at {{time}}.\n\nDetails: {{link}}",
    smsBody: "{{firstName}}, your session has moved to {{date}} at {{time}}. Details: {{link}}",
  },
  SESSION_CANCELLED: {
    subject: "Your session on {{date}} is cancelled",
    body: "Hello {{firstName}},\n\nYour session on {{date}} at {{time}} is cancelled. We will be in touch about what comes next.\n\nDetails: {{link}}",
    smsBody: "{{firstName}}, your session on {{date}} at {{time}} is cancelled. Details: {{link}}",
  },
  SEAT_OFFER: {
    subject: "A place is open for you",
    body: "Hello {{firstName}},\n\nA place has opened for you. Please accept or decline it by {{date}} at {{time}}:\n{{link}}\n\nIf we do not hear from you by then, we offer it to the next person.",
    smsBody: "{{firstName}}, a place has opened for you. Accept or decline by {{date}} {{time}}: {{link}}",
  },
};

const es: Record<TemplateKind, TemplateText> = {
  INVITATION: {
    subject: "Sus cuestionarios están listos",
    body: "Hola {{firstName}}:\n\nSus próximos cuestionarios están listos. Llevan unos 10 minutos:\n{{link}}\n\nGracias.",
    smsBody: "Hola {{firstName}}, sus cuestionarios están listos: {{link}}",
  },
  REMINDER: {
    subject: "Recordatorio: sus cuestionarios",
    body: "Hola {{firstName}}:\n\nLe recordamos que sus cuestionarios siguen abiertos:\n{{link}}\n\nGracias.",
    smsBody: "Recordatorio, {{firstName}}: sus cuestionarios siguen abiertos: {{link}}",
  },
  SESSION_REMINDER: {
    subject: "Recordatorio: su sesión del {{date}}",
    body: "Hola {{firstName}}:\n\nSu próxima sesión es el {{date}} a las {{time}}.\n\n{{preparation}}\n\nDetalles: {{link}}",
    smsBody: "{{firstName}}, su próxima sesión es el {{date}} a las {{time}}. Detalles: {{link}}",
  },
  SESSION_CHANGED: {
    subject: "Su sesión ha cambiado al {{date}}",
    body: "Hola {{firstName}}:\n\nSu sesión ha cambiado. Ahora es el {{date}} a las {{time}}.\n\nDetalles: {{link}}",
    smsBody: "{{firstName}}, su sesión ha cambiado al {{date}} a las {{time}}. Detalles: {{link}}",
  },
  SESSION_CANCELLED: {
    subject: "Su sesión del {{date}} se ha cancelado",
    body: "Hola {{firstName}}:\n\nSu sesión del {{date}} a las {{time}} se ha cancelado. Nos pondremos en contacto con usted.\n\nDetalles: {{link}}",
    smsBody: "{{firstName}}, su sesión del {{date}} a las {{time}} se ha cancelado. Detalles: {{link}}",
  },
  SEAT_OFFER: {
    subject: "Hay una plaza para usted",
    body: "Hola {{firstName}}:\n\nSe ha abierto una plaza para usted. Acéptela o rechácela antes del {{date}} a las {{time}}:\n{{link}}\n\nSi no recibimos respuesta, se la ofreceremos a la siguiente persona.",
    smsBody: "{{firstName}}, hay una plaza para usted. Acepte o rechace antes del {{date}} {{time}}: {{link}}",
  },
};

export const DEFAULT_TEMPLATES: Record<Language, Record<TemplateKind, TemplateText>> = { en, es };

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && Object.hasOwn(LANGUAGES, v);
}

export function defaultTemplate(kind: TemplateKind, language: string): TemplateText {
  return DEFAULT_TEMPLATES[isLanguage(language) ? language : "en"][kind];
}

const TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Placeholders used in a text that do not exist (the editor refuses them). */
export function unknownPlaceholders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (!Object.hasOwn(PLACEHOLDERS, m[1])) out.add(m[1]);
  return [...out];
}

export type TemplateValues = Partial<Record<Placeholder, string>>;

/** Fills the placeholders; a missing value becomes empty, and runs of blank lines collapse. */
export function renderText(text: string, values: TemplateValues): string {
  return text
    .replace(TOKEN, (_, name: string) => (Object.hasOwn(PLACEHOLDERS, name) ? (values[name as Placeholder] ?? "") : ""))
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function renderTemplate(t: TemplateText, values: TemplateValues): TemplateText {
  return {
    subject: renderText(t.subject, values).replace(/\s+/g, " "),
    body: renderText(t.body, values),
    smsBody: renderText(t.smsBody, values),
  };
}

/** Sample values for the editor's preview. */
export const PREVIEW_VALUES: Required<TemplateValues> = {
  firstName: "Alex",
  date: "Tuesday 8 December 2026",
  time: "10:00",
  link: "https://groupkap.example.org/p/…",
  preparation: "Please do not eat for 4 hours before the session, and arrange a ride home: no driving until the next day.",
};
