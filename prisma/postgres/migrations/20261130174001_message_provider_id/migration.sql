-- CreateIndex
CREATE INDEX "Message_providerId_idx" ON "Message"("providerId");

