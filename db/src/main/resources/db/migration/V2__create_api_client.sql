-- API keys of peers (other community systems) that call our services one by one. Owner: allocatenumber.
-- Only a SHA-256 of the key is kept; the key itself is shown once when it is created.
-- `key_prefix` is the key's first characters, kept to find the row and to show operators which key is which.
CREATE TABLE api_client (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    name          VARCHAR(100)    NOT NULL,
    key_prefix    VARCHAR(16)     NOT NULL,
    key_hash      CHAR(64)        NOT NULL,
    scopes        VARCHAR(512)    NOT NULL DEFAULT '',
    created_at    TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    last_used_at  TIMESTAMP(3)    NULL,
    PRIMARY KEY (id),
    UNIQUE KEY api_client_name_idx (name),
    UNIQUE KEY api_client_key_hash_idx (key_hash),
    KEY api_client_prefix_idx (key_prefix)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
