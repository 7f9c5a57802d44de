-- A report row holds only an enrollment's COMPLETED assessments, so inserting or deleting
-- an assessment that is not completed (the expected ones every sync and import adds) leaves
-- it as it was: the trigger no longer recomputes those enrollments' rows (nor raises their
-- cohorts' stamps). An update still refreshes when a kept column changes and the row was
-- or becomes completed.
CREATE OR REPLACE FUNCTION "groupkap_report_assessment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM new_rows WHERE "status" = 'COMPLETED' ORDER BY 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM old_rows WHERE "status" = 'COMPLETED' ORDER BY 1));
    ELSE
        PERFORM "groupkap_report_refresh"(ARRAY(
            SELECT x FROM new_rows n JOIN old_rows o ON o."id" = n."id", LATERAL (VALUES (n."enrollmentId"), (o."enrollmentId")) v(x)
            WHERE (n."status" = 'COMPLETED' OR o."status" = 'COMPLETED')
              AND (n."enrollmentId" IS DISTINCT FROM o."enrollmentId" OR n."status" IS DISTINCT FROM o."status" OR n."timepointKey" IS DISTINCT FROM o."timepointKey" OR n."instrumentCode" IS DISTINCT FROM o."instrumentCode" OR n."scaleValues" IS DISTINCT FROM o."scaleValues" OR n."completedOn" IS DISTINCT FROM o."completedOn")
            UNION SELECT "enrollmentId" FROM new_rows WHERE "status" = 'COMPLETED' AND "id" NOT IN (SELECT "id" FROM old_rows)
            UNION SELECT "enrollmentId" FROM old_rows WHERE "status" = 'COMPLETED' AND "id" NOT IN (SELECT "id" FROM new_rows)
            ORDER BY 1));
    END IF;
    RETURN NULL;
END;
$$;
