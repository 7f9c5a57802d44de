import { seedReferenceData } from "~/demo/seed.server";
import { dbReady, disconnectDb } from "~/utils/db.server";

await seedReferenceData(await dbReady());
await disconnectDb();
