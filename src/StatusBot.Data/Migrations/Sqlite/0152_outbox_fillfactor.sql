-- PostgreSQL leaves room on the outbox's pages for heap-only lease updates; SQLite has no such setting (its writers are
-- serialized in process). Kept so both dialects number their migrations alike.
select 1;
