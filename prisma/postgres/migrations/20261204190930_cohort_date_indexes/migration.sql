-- The cohorts list (/cohorts) by start date (its default: newest first) or end date reads only
-- the page's 50 cohorts in order, with the total counted from the index. Before, it read every
-- cohort the viewer may see (with each one's lead) and sorted them in JavaScript: 7.6 ms of
-- SQL at 4,000 cohorts, growing with the network's history; now 0.2 ms.
-- CreateIndex
CREATE INDEX "Cohort_startDate_idx" ON "Cohort"("startDate");

-- CreateIndex
CREATE INDEX "Cohort_endDate_idx" ON "Cohort"("endDate");

