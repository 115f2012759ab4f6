-- Kamailio checks `version` before it uses a table: with this row, a Kamailio (auth_db,
-- calculate_ha1=0, password_column=ha1) can authenticate against `subscriber` as it is.
-- 7 is the subscriber table version of Kamailio 5.x.
CREATE TABLE version (
    table_name     VARCHAR(32)   NOT NULL,
    table_version  INT UNSIGNED  NOT NULL DEFAULT 0,
    CONSTRAINT table_name_idx UNIQUE (table_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO version (table_name, table_version) VALUES ('subscriber', 7);
