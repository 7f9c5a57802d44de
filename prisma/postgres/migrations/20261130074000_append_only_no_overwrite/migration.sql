-- The append-only tables also refuse an INSERT that collides with an existing row, as on
-- SQLite (where REPLACE would otherwise delete the old row without firing its DELETE
-- trigger). PostgreSQL has no REPLACE and ON CONFLICT DO UPDATE already meets the UPDATE
-- trigger; this keeps both providers' rule identical: a colliding insert, ON CONFLICT DO
-- NOTHING included, is an error rather than a silent no-op or a rewrite.
CREATE FUNCTION "groupkap_audit_no_overwrite"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM "AuditEvent" WHERE "id" = NEW."id") THEN
        RAISE EXCEPTION 'AuditEvent is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "AuditEvent_no_overwrite" BEFORE INSERT ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_audit_no_overwrite"();

-- Every unique key of the ledger.
CREATE FUNCTION "groupkap_ledger_no_overwrite"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "id" = NEW."id")
       OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "lotId" = NEW."lotId" AND "seq" = NEW."seq")
       OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "dosingRecordId" = NEW."dosingRecordId")
       OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "reversesEntryId" = NEW."reversesEntryId") THEN
        RAISE EXCEPTION 'LedgerEntry is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "LedgerEntry_no_overwrite" BEFORE INSERT ON "LedgerEntry"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_ledger_no_overwrite"();
