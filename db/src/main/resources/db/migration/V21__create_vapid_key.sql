-- The VAPID key pair generated when none is configured: one row (id = 1) that every webpush
-- instance reads, so all sign with the key the browsers subscribed with. Owner: webpush.
CREATE TABLE vapid_key (
    id           INT           NOT NULL,
    public_key   VARCHAR(100)  NOT NULL,
    private_key  VARCHAR(64)   NOT NULL,
    created_at   TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    CONSTRAINT vapid_key_single_row CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
