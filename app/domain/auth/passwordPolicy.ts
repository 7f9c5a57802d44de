// Password rules for staff accounts. Length beats composition rules (NIST SP 800-63B):
// at least 12 characters, at most 128, and not one of the passwords attackers try first.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// The most common leaked passwords of 12+ characters and the obvious patterns around
// them; shorter ones are already refused by the length rule.
const COMMON = new Set(
  [
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789123",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwerty123456",
    "qwertyuiopas",
    "asdfghjkl123",
    "zxcvbnm12345",
    "password1234",
    "password12345",
    "password123!",
    "passwordpassword",
    "password1!23",
    "p@ssw0rd1234",
    "p@ssword1234",
    "passw0rd1234",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "welcome123!!",
    "administrator",
    "administrator1",
    "admin1234567",
    "adminadmin12",
    "changeme1234",
    "changemenow1",
    "trustno1trustno1",
    "football1234",
    "baseball1234",
    "basketball12",
    "sunshine1234",
    "princess1234",
    "monkey123456",
    "dragon123456",
    "superman1234",
    "batman123456",
    "starwars1234",
    "whatever1234",
    "abcdefghijkl",
    "abcdefgh1234",
    "abc123456789",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
    "123123123123",
    "121212121212",
    "987654321098",
    "qazwsxedcrfv",
    "1234qwerasdf",
    "qwer1234asdf",
    "groupkap1234",
    "groupkapgroupkap",
    "ketamine1234",
    "therapy12345",
    "clinician123",
    "facilitator1",
    "coordinator1",
    "hospital1234",
    "healthcare12",
    "nurse1234567",
    "doctor123456",
    "firefighter1",
    "summer2024!!",
    "winter2024!!",
    "spring2025!!",
    "autumn2025!!",
    "summer2025!!",
    "winter2025!!",
    "summer2026!!",
    "winter2026!!",
    "january2026!",
    "december2026",
    "password2024",
    "password2025",
    "password2026",
    "welcome2026!",
    "letmein2026!",
    "correcthorsebatterystaple",
  ].map((p) => p.toLowerCase()),
);

export type PasswordCheck = { ok: true } | { ok: false; message: string };

export function checkNewPassword(password: string, context: { email?: string; name?: string } = {}): PasswordCheck {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { ok: false, message: `Use at least ${PASSWORD_MIN_LENGTH} characters (a short sentence works well).` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { ok: false, message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` };
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password) || /^(?:0123456789|1234567890)+\d*$/.test(password)) {
    return { ok: false, message: "This password is on the list of common passwords. Choose another." };
  }
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) {
    return { ok: false, message: "The password must not contain your email name." };
  }
  return { ok: true };
}

/** A readable temporary password (admin resets): 4 groups of 4 unambiguous characters. */
export function generateTemporaryPassword(randomBytes: (n: number) => Uint8Array): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(16);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out += alphabet[bytes[i] % alphabet.length];
    if (i % 4 === 3 && i < 15) out += "-";
  }
  return out;
}
