-- Subscribers: one row per phone number. Owner: allocatenumber.
-- Columns follow Kamailio's auth_db `subscriber` table so an operator can point a Kamailio at it
-- (auth_db with calculate_ha1=0 reads ha1/ha1b). `password` exists only for that compatibility and
-- a CHECK keeps it empty: no plaintext password is ever stored.
CREATE TABLE subscriber (
    id             INT UNSIGNED  NOT NULL AUTO_INCREMENT,
    username       VARCHAR(64)   NOT NULL DEFAULT '',
    domain         VARCHAR(64)   NOT NULL DEFAULT '',
    password       VARCHAR(64)   NOT NULL DEFAULT '',
    ha1            VARCHAR(128)  NOT NULL DEFAULT '',
    ha1b           VARCHAR(128)  NOT NULL DEFAULT '',
    ha1_sha256     VARCHAR(64)   NOT NULL DEFAULT '',
    email_address  VARCHAR(254)  NULL,
    created_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY account_idx (username, domain),
    KEY username_idx (username),
    KEY updated_idx (updated_at),
    CONSTRAINT subscriber_no_plaintext_password CHECK (password = '')
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
