// Licensed item wording (MBI-GS, MBI-HSS, MEQ-30, CADSS-6) entered by an administrator
// under the site's own licence. Stored in the database only, never in the repository.
import { getInstrument, type InstrumentCode } from "~/domain/instruments";
import type { WordingInput } from "~/forms/measures";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
import { LICENSED_INSTRUMENTS, MAX_WORDING_LENGTH, type LicensedInstrument } from "./instrumentWording.shared";
import { FieldError, type Actor } from "./kernel.server";

export { LICENSED_INSTRUMENTS, type LicensedInstrument };
LICENSED_INSTRUMENTS satisfies readonly InstrumentCode[];

export function isLicensedInstrument(code: unknown): code is LicensedInstrument {
  return typeof code === "string" && (LICENSED_INSTRUMENTS as readonly string[]).includes(code);
}

export { MAX_WORDING_LENGTH } from "./instrumentWording.shared";

/** Item number → stored wording for one instrument. */
export async function getWordingMap(code: string): Promise<Map<number, string>> {
  if (!isLicensedInstrument(code)) return new Map();
  const db = await dbReady();
  const rows = await db.instrumentWording.findMany({ where: { instrumentCode: code } });
  return new Map(rows.map((r) => [r.itemNumber, r.text]));
}

export async function wordingSummary() {
  const db = await dbReady();
  const counts = await db.instrumentWording.groupBy({ by: ["instrumentCode"], _count: { _all: true } });
  const byCode = new Map(counts.map((c) => [c.instrumentCode, c._count._all]));
  return LICENSED_INSTRUMENTS.map((code) => {
    const def = getInstrument(code);
    return { code, name: def.name, shortName: def.shortName, itemCount: def.items.length, entered: byCode.get(code) ?? 0 };
  });
}

/**
 * Replaces the stored wording of one instrument: a non-empty text (`item.<n>`) is saved,
 * an empty or missing one removes the item's wording (the form then shows "Item N" again).
 */
export async function saveWording(actor: Actor, meta: RequestMeta, { code, item: texts }: WordingInput) {
  const def = getInstrument(code);
  const tooLong = def.items.filter((item) => (texts[item.number] ?? "").length > MAX_WORDING_LENGTH);
  if (tooLong.length) {
    throw new FieldError(
      Object.fromEntries(
        tooLong.map((i) => [`item.${i.number}`, `Item ${i.number}: keep the wording under ${MAX_WORDING_LENGTH} characters.`]),
      ),
    );
  }
  const db = await dbReady();
  let saved = 0;
  let cleared = 0;
  await db.$transaction(async (tx) => {
    for (const item of def.items) {
      const t = texts[item.number] ?? "";
      if (t) {
        await tx.instrumentWording.upsert({
          where: { instrumentCode_itemNumber: { instrumentCode: code, itemNumber: item.number } },
          create: { instrumentCode: code, itemNumber: item.number, text: t, updatedById: actor.id },
          update: { text: t, updatedById: actor.id },
        });
        saved += 1;
      } else {
        cleared += (await tx.instrumentWording.deleteMany({ where: { instrumentCode: code, itemNumber: item.number } })).count;
      }
    }
    // The wording itself is licensed text: the audit log records the change, not the words.
    await audit(tx, {
      actor,
      action: "instrument_wording.update",
      entityType: "InstrumentWording",
      entityId: code,
      summary: `Updated licensed wording of ${def.shortName}: ${saved} item(s) stored, ${cleared} cleared`,
      ...meta,
    });
  });
  return { saved, cleared };
}
