-- Push subscriptions: one row per device (the browser's PushSubscription). Owner: webpush.
-- A device id belongs to one number; a number has several devices.
CREATE TABLE push_subscription (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    number           VARCHAR(64)     NOT NULL,
    device_id        VARCHAR(64)     NOT NULL,
    endpoint         VARCHAR(1024)   NOT NULL,
    p256dh           VARCHAR(100)    NOT NULL,
    auth             VARCHAR(32)     NOT NULL,
    created_at       TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at       TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    last_success_at  TIMESTAMP(3)    NULL,
    PRIMARY KEY (id),
    UNIQUE KEY push_subscription_device_idx (device_id),
    KEY push_subscription_number_idx (number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
