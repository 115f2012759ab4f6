package one.webph.webpush.subscription;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One device's push subscription: where to send and the keys to encrypt for it. */
@Entity
@Table(name = "push_subscription")
public class PushSubscription {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String number;

    @Column(name = "device_id", nullable = false, length = 64)
    public String deviceId;

    @Column(nullable = false, length = 1024)
    public String endpoint;

    /** The browser's P-256 public key, base64url (65 bytes decoded). */
    @Column(nullable = false, length = 100)
    public String p256dh;

    /** The browser's auth secret, base64url (16 bytes decoded). */
    @Column(nullable = false, length = 32)
    public String auth;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Override
    public String toString() {
        return "PushSubscription[" + number + "/" + deviceId + "]";
    }
}
