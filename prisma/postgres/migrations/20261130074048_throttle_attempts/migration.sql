-- CreateTable
CREATE TABLE "ThrottleAttempt" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING',

    CONSTRAINT "ThrottleAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ThrottleAttempt_scope_key_at_idx" ON "ThrottleAttempt"("scope", "key", "at");

-- CreateIndex
CREATE INDEX "ThrottleAttempt_at_idx" ON "ThrottleAttempt"("at");

