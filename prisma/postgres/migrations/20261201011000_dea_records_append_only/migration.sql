-- DEA records are kept at least two years and never rewritten (21 CFR 1304.04): inventories,
-- their lines, Form 41 destructions and Form 106 losses refuse UPDATE, DELETE and TRUNCATE in
-- the database itself, whatever code or tool connects. The one later fact a loss report takes
-- is the date it was reported to the DEA, recorded once.
CREATE FUNCTION "groupkap_dea_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE FUNCTION "groupkap_dea_loss_reported_once"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD."reportedToDeaOn" IS NOT NULL
       OR (NEW."id", NEW."ledgerEntryId", NEW."siteId", NEW."discoveredOn", NEW."lossType", NEW."policeNotified",
           NEW."policeReportNumber", NEW."description", NEW."reportDueOn", NEW."createdById", NEW."createdAt")
          IS DISTINCT FROM
          (OLD."id", OLD."ledgerEntryId", OLD."siteId", OLD."discoveredOn", OLD."lossType", OLD."policeNotified",
           OLD."policeReportNumber", OLD."description", OLD."reportDueOn", OLD."createdById", OLD."createdAt") THEN
        RAISE EXCEPTION 'DeaLossReport is append-only (only the date it was reported to the DEA is added, once)';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "DeaInventory_no_update_delete" BEFORE UPDATE OR DELETE ON "DeaInventory"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_dea_append_only"();
CREATE TRIGGER "DeaInventory_no_truncate" BEFORE TRUNCATE ON "DeaInventory"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_dea_append_only"();

CREATE TRIGGER "DeaInventoryLine_no_update_delete" BEFORE UPDATE OR DELETE ON "DeaInventoryLine"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_dea_append_only"();
CREATE TRIGGER "DeaInventoryLine_no_truncate" BEFORE TRUNCATE ON "DeaInventoryLine"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_dea_append_only"();

CREATE TRIGGER "DeaDestruction_no_update_delete" BEFORE UPDATE OR DELETE ON "DeaDestruction"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_dea_append_only"();
CREATE TRIGGER "DeaDestruction_no_truncate" BEFORE TRUNCATE ON "DeaDestruction"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_dea_append_only"();

CREATE TRIGGER "DeaLossReport_reported_once" BEFORE UPDATE ON "DeaLossReport"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_dea_loss_reported_once"();
CREATE TRIGGER "DeaLossReport_no_delete" BEFORE DELETE ON "DeaLossReport"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_dea_append_only"();
CREATE TRIGGER "DeaLossReport_no_truncate" BEFORE TRUNCATE ON "DeaLossReport"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_dea_append_only"();
