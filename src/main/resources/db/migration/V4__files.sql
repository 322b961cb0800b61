-- Files people uploaded (PROTOCOL.md, "Files and images"). The bytes live on disk under
-- <data-dir>/files/blobs, named by the SHA-256 of what is stored, so identical files share storage;
-- every upload still has its own random id (and its thumbnail another).
CREATE TABLE upload (
    id             VARCHAR(64)   PRIMARY KEY,
    thumbnail_id   VARCHAR(64),
    uploader_id    BIGINT        NOT NULL REFERENCES identity (id),
    name           VARCHAR(1000) NOT NULL,
    byte_size      BIGINT        NOT NULL,
    media_type     VARCHAR(200)  NOT NULL,
    content_hash   VARCHAR(64)   NOT NULL,
    thumbnail_hash VARCHAR(64),
    width          INTEGER,
    height         INTEGER,
    uploaded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- set when a message takes the file: a file is sent once
    claimed_at     TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX upload_thumbnail ON upload (thumbnail_id);
CREATE INDEX upload_content ON upload (content_hash);
CREATE INDEX upload_claimed ON upload (claimed_at);

-- The file a message carries. A message outlives nothing: retention deleting it, or a moderator
-- hiding it, leaves its upload unreferenced, and the file sweep deletes the upload and its bytes.
ALTER TABLE message ADD COLUMN file_id VARCHAR(64) REFERENCES upload (id) ON DELETE SET NULL;
CREATE INDEX message_file ON message (file_id);
