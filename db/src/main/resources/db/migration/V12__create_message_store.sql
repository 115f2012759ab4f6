-- Texts (SIP MESSAGE) for numbers whose phones were asleep: kept until a device of the number
-- registers and takes them, or until they expire. Owner: sip-proxy.
CREATE TABLE message_store (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    aor           VARCHAR(64)     NOT NULL,
    domain        VARCHAR(64)     NOT NULL,
    sender        VARCHAR(255)    NOT NULL,
    content_type  VARCHAR(128)    NOT NULL,
    body          MEDIUMTEXT      NOT NULL,
    received_at   TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    expires_at    TIMESTAMP(3)    NOT NULL,
    PRIMARY KEY (id),
    KEY message_store_aor_idx (aor, domain),
    KEY message_store_expires_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
