-- AlterTable
ALTER TABLE "AdverseEvent" ADD COLUMN     "closedByName" TEXT,
ADD COLUMN     "closedMeaning" TEXT;

-- AlterTable
ALTER TABLE "DosingRecord" ADD COLUMN     "doseOverrideAt" TIMESTAMP(3),
ADD COLUMN     "doseOverrideById" TEXT,
ADD COLUMN     "doseOverrideReason" TEXT,
ADD COLUMN     "signatureMeaning" TEXT,
ADD COLUMN     "signatureName" TEXT;

-- AlterTable
ALTER TABLE "GroupNote" ADD COLUMN     "signatureMeaning" TEXT,
ADD COLUMN     "signatureName" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "deaNumber" TEXT,
ADD COLUMN     "isPrescriber" BOOLEAN NOT NULL DEFAULT false;

