-- Registrations (bindings): one row per contact of a number. Owner: sip-proxy.
-- Kept in the database so a proxy restart loses no registration of UDP/TCP/TLS clients.
-- `instance` is RFC 5626's +sip.instance (one binding per device); `pn_*` are RFC 8599's push
-- parameters from the Contact; `proxy_instance` + `connection_id` name the flow that holds a
-- WebSocket/TCP client (its binding dies with the connection).
CREATE TABLE location (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    aor             VARCHAR(64)     NOT NULL,
    domain          VARCHAR(64)     NOT NULL,
    contact         VARCHAR(512)    NOT NULL,
    instance        VARCHAR(255)    NOT NULL DEFAULT '',
    reg_id          INT             NOT NULL DEFAULT 0,
    received        VARCHAR(128)    NOT NULL DEFAULT '',
    transport       VARCHAR(8)      NOT NULL DEFAULT 'UDP',
    path            VARCHAR(512)    NOT NULL DEFAULT '',
    call_id         VARCHAR(255)    NOT NULL DEFAULT '',
    cseq            BIGINT          NOT NULL DEFAULT 0,
    user_agent      VARCHAR(255)    NOT NULL DEFAULT '',
    pn_provider     VARCHAR(64)     NOT NULL DEFAULT '',
    pn_prid         VARCHAR(512)    NOT NULL DEFAULT '',
    pn_param        VARCHAR(255)    NOT NULL DEFAULT '',
    proxy_instance  VARCHAR(64)     NOT NULL DEFAULT '',
    connection_id   VARCHAR(64)     NOT NULL DEFAULT '',
    expires         TIMESTAMP(3)    NOT NULL,
    updated_at      TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY location_binding_idx (aor, domain, instance, contact(255)),
    KEY location_expires_idx (expires)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
