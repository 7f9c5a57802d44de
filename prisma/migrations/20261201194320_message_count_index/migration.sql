-- The message logs count messages per status with their filters (transport, kind, channel)
-- from an index alone instead of reading every message row, and the outbox (messages the
-- built-in outbox kept) pages newest due first from its own index instead of scanning all
-- messages by due date.
-- CreateIndex
CREATE INDEX "Message_status_transport_kind_channel_idx" ON "Message"("status", "transport", "kind", "channel");

-- CreateIndex
CREATE INDEX "Message_transport_dueAt_id_idx" ON "Message"("transport", "dueAt", "id");

