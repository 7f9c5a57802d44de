-- Program reports worked out once and kept (app/models/reportSnapshot.server.ts), keyed by a
-- SHA-256 of everything they are made of, so that a report is answered after a restart or by
-- another instance without reading and decoding its rows again (~2 s at 200,000 participants).
-- CreateTable
CREATE TABLE "ReportSnapshot" (
    "key" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "body" BYTEA NOT NULL,

    CONSTRAINT "ReportSnapshot_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ReportSnapshot_programId_createdAt_idx" ON "ReportSnapshot"("programId", "createdAt");

