-- Lifecycle's store on PostgreSQL: content-addressed objects in chunks, refs moved by compare-and-set,
-- and the journal of every ref change with a sequence that follows commit order.

CREATE TABLE lc_objects (
    id     CHAR(64) PRIMARY KEY,
    size   BIGINT   NOT NULL,
    chunks INT      NOT NULL
);

CREATE TABLE lc_object_chunks (
    id   CHAR(64) NOT NULL REFERENCES lc_objects (id),
    n    INT      NOT NULL,
    data BYTEA    NOT NULL,
    PRIMARY KEY (id, n)
);

CREATE TABLE lc_refs (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
);

-- one row; every committed compare-and-set takes its lock, so sequence order is commit order
CREATE TABLE lc_head (
    id  INT    PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO lc_head (id, seq) VALUES (1, 0);

CREATE TABLE lc_journal (
    seq        BIGINT PRIMARY KEY,
    ref        TEXT COLLATE "C" NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    actor      TEXT   NOT NULL,
    reason     TEXT   NOT NULL,
    time_sec   BIGINT NOT NULL,
    time_nanos INT    NOT NULL,
    -- the caller's id of the attempt: after a connection lost mid-commit, tells whether it committed
    token      UUID   NOT NULL UNIQUE
);
CREATE INDEX lc_journal_ref ON lc_journal (ref, seq);

-- Compare-and-set of one ref in one statement: returns the journal sequence of the change, or 0 when
-- the ref did not hold the expected value (nothing changes then).
CREATE FUNCTION lc_cas(p_name TEXT, p_expected TEXT, p_new TEXT, p_actor TEXT, p_reason TEXT, p_sec BIGINT,
                       p_nanos INT, p_token UUID) RETURNS BIGINT
    LANGUAGE plpgsql AS
$$
DECLARE
    s   BIGINT;
    cur TEXT;
BEGIN
    SELECT seq INTO s FROM lc_head WHERE id = 1 FOR UPDATE;
    SELECT value INTO cur FROM lc_refs WHERE name = p_name;
    IF FOUND THEN
        IF p_expected IS NULL OR cur <> p_expected THEN
            RETURN 0;
        END IF;
    ELSIF p_expected IS NOT NULL THEN
        RETURN 0;
    END IF;
    s := s + 1;
    UPDATE lc_head SET seq = s WHERE id = 1;
    IF p_new IS NULL THEN
        DELETE FROM lc_refs WHERE name = p_name;
    ELSIF p_expected IS NULL THEN
        INSERT INTO lc_refs (name, value) VALUES (p_name, p_new);
    ELSE
        UPDATE lc_refs SET value = p_new WHERE name = p_name;
    END IF;
    INSERT INTO lc_journal (seq, ref, old_value, new_value, actor, reason, time_sec, time_nanos, token)
    VALUES (s, p_name, p_expected, p_new, p_actor, p_reason, p_sec, p_nanos, p_token);
    PERFORM pg_notify('lifecycle_refs', p_name);
    RETURN s;
END;
$$;
