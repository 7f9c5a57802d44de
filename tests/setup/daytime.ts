// Tests that send a message "now" must not fall into quiet hours (21:00–08:00 on the
// participant's clock), whatever time the suite runs: they give the participant a zone
// where it is daytime now.
const ZONES = [
  "America/Denver",
  "Europe/Berlin",
  "Asia/Tokyo",
  "Pacific/Auckland",
  "America/New_York",
  "Asia/Kolkata",
  "America/Los_Angeles",
];

/** An IANA zone where the local time is between 10:00 and 18:00 right now (one always is). */
export function daytimeZone(now = new Date()) {
  const hour = (z: string) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: z, hour: "2-digit", hourCycle: "h23" }).format(now));
  return ZONES.find((z) => hour(z) >= 10 && hour(z) < 18) ?? "Europe/Berlin";
}
