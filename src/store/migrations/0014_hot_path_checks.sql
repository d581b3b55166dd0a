-- The two tables a sync writes a row into for every write and every ticket lose their foreign
-- keys (issue 17, CPU of the embedded store). Each inserted row ran a referential check, a
-- locking look-up of the referenced row: about a quarter of a journal insert's cost (30 rows:
-- 3.8 → 2.9 ms of CPU in PGlite). What they guarded cannot happen here: a journal row's
-- connection and an event's run are the very rows the writing run holds, and neither
-- connections nor runs are ever deleted. Journal rows live for seconds (until their page
-- settles); events are history.
ALTER TABLE qbo_writes DROP CONSTRAINT IF EXISTS qbo_writes_connection_id_fkey;
ALTER TABLE sync_events DROP CONSTRAINT IF EXISTS sync_events_run_id_fkey;
