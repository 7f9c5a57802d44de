-- The controlled-substance ledger is append-only: corrections are reversing entries.
CREATE FUNCTION "groupkap_ledger_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'LedgerEntry is append-only';
END;
$$;

CREATE TRIGGER "LedgerEntry_no_update_delete" BEFORE UPDATE OR DELETE ON "LedgerEntry"
    FOR EACH ROW EXECUTE FUNCTION "groupkap_ledger_append_only"();

CREATE TRIGGER "LedgerEntry_no_truncate" BEFORE TRUNCATE ON "LedgerEntry"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_ledger_append_only"();
