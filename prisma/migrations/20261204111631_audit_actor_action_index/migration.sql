-- A person's latest audit rows of one action (the home page: an analyst's last report view,
-- the previous sign-in), a seek by person and action. SQLite chose AuditEvent(action, at) for
-- them and walked everyone's report views or sign-ins since this person's (4.5 ms on the
-- full-size benchmark database, growing with the network's history).
-- CreateIndex
CREATE INDEX "AuditEvent_actorId_action_at_idx" ON "AuditEvent"("actorId", "action", "at");

