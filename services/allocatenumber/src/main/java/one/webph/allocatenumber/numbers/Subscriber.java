package one.webph.allocatenumber.numbers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One phone number's SIP account, a row of the Kamailio-compatible {@code subscriber} table.
 * Only digest hashes are kept; {@code password} stays empty (the schema enforces it).
 */
@Entity
@Table(name = "subscriber")
public class Subscriber {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 64)
    public String username;

    @Column(nullable = false, length = 64)
    public String domain;

    /** Kamailio's plaintext column, kept empty. */
    @Column(nullable = false, length = 64)
    public String password = "";

    @Column(nullable = false, length = 128)
    public String ha1;

    @Column(nullable = false, length = 128)
    public String ha1b;

    @Column(name = "ha1_sha256", nullable = false, length = 64)
    public String ha1Sha256;

    @Column(name = "email_address", length = 254)
    public String emailAddress;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;

    /** Sets all three digest hashes for a new password. */
    void setPassword(String realm, String plaintext) {
        DigestHashes hashes = DigestHashes.of(username, domain, realm, plaintext);
        ha1 = hashes.ha1();
        ha1b = hashes.ha1b();
        ha1Sha256 = hashes.ha1Sha256();
    }
}
