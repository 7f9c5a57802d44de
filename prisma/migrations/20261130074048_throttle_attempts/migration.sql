-- CreateTable
CREATE TABLE "ThrottleAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING'
);

-- CreateIndex
CREATE INDEX "ThrottleAttempt_scope_key_at_idx" ON "ThrottleAttempt"("scope", "key", "at");

-- CreateIndex
CREATE INDEX "ThrottleAttempt_at_idx" ON "ThrottleAttempt"("at");

