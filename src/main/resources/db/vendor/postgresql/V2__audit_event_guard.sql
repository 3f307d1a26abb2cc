-- PostgreSQL only: audit rows cannot be updated or deleted, except by the retention purge, which sets the
-- transaction-local setting wem.audit_purge to 'on' first. H2 has no such trigger; WEM itself never
-- updates or deletes an audit row outside the purge on either database.
CREATE FUNCTION audit_event_guard() RETURNS trigger AS $$
BEGIN
    IF current_setting('wem.audit_purge', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'audit_event rows are append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
