-- Routes to the community's own SIP servers (GSM networks behind Osmocom, PBXes), by number
-- prefix; the longest prefix wins. Owner: sip-proxy (admin API /api/v1/admin/community-routes).
-- `uri` is where calls for the prefix go (sip:host[:port]); `transport` UDP, TCP or TLS.
-- `auth_*`: credentials we answer that server's challenges with, kept as digest HA1 hashes
-- (MD5 and SHA-256 over username:realm:password), never as the password.
-- `trusted_sources`: comma-separated addresses or CIDR blocks whose requests are that server's:
-- they may call local numbers without digest and are exempt from rate limits.
CREATE TABLE community_route (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    prefix           VARCHAR(32)     NOT NULL,
    name             VARCHAR(100)    NOT NULL DEFAULT '',
    uri              VARCHAR(255)    NOT NULL,
    transport        VARCHAR(8)      NOT NULL DEFAULT 'UDP',
    auth_username    VARCHAR(64)     NOT NULL DEFAULT '',
    auth_realm       VARCHAR(128)    NOT NULL DEFAULT '',
    auth_ha1         VARCHAR(32)     NOT NULL DEFAULT '',
    auth_ha1_sha256  VARCHAR(64)     NOT NULL DEFAULT '',
    trusted_sources  VARCHAR(1000)   NOT NULL DEFAULT '',
    created_at       TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at       TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY community_route_prefix_idx (prefix),
    CONSTRAINT community_route_transport_chk CHECK (transport IN ('UDP', 'TCP', 'TLS')),
    CONSTRAINT community_route_prefix_chk CHECK (prefix REGEXP '^[0-9]*$')
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
