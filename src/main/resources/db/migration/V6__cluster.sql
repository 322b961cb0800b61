-- Cluster mode (docs/scaling.md). Several nodes insert messages into one PostgreSQL; their ids come from
-- this counter row, updated inside each inserting transaction: the row lock makes writers on all nodes
-- take ids in the order they commit, and a rolled-back transaction gives its ids back, so committed ids
-- have no gaps. A single node leaves it alone (its ids come from the identity column); a cluster brings
-- it up to the newest id when it starts.
CREATE TABLE id_counter (
    counter_name VARCHAR(40) PRIMARY KEY,
    last_id      BIGINT      NOT NULL
);
INSERT INTO id_counter (counter_name, last_id) SELECT 'message', COALESCE(MAX(id), 0) FROM message;

-- HTTP tickets (PROTOCOL.md v2, "Files and images") that every node can check: a request may reach any
-- node. Only the SHA-256 of a ticket is stored; a row lives while its connection is open and a minute
-- after, and the node that held it is named so that the others can close its tickets when it dies.
CREATE TABLE http_ticket (
    ticket_hash VARCHAR(64)  PRIMARY KEY,
    identity_id BIGINT       NOT NULL REFERENCES identity (id),
    node        VARCHAR(100) NOT NULL,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX http_ticket_node ON http_ticket (node);
CREATE INDEX http_ticket_closed ON http_ticket (closed_at);
