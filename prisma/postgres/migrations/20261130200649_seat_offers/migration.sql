-- CreateTable
CREATE TABLE "SeatOffer" (
    "id" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "offeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,
    "closedReason" TEXT,
    "createdById" TEXT,

    CONSTRAINT "SeatOffer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SeatOffer_cohortId_status_idx" ON "SeatOffer"("cohortId", "status");

-- CreateIndex
CREATE INDEX "SeatOffer_status_expiresAt_idx" ON "SeatOffer"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "SeatOffer_enrollmentId_status_idx" ON "SeatOffer"("enrollmentId", "status");

-- AddForeignKey
ALTER TABLE "SeatOffer" ADD CONSTRAINT "SeatOffer_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

