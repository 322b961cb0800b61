-- Recent kicks, so that a cluster node that missed one's notice (the broker was away) still
-- closes the connections that were open when it was made. Kept 10 minutes, then deleted.
CREATE TABLE kick (
    identity_id BIGINT                   NOT NULL REFERENCES identity (id),
    kicked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (identity_id, kicked_at)
);
