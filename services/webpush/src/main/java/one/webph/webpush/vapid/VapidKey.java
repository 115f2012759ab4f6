package one.webph.webpush.vapid;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The generated VAPID key pair, one row, shared by every webpush instance. */
@Entity
@Table(name = "vapid_key")
public class VapidKey {

    /** Always 1: the table holds one key pair. */
    @Id
    public Integer id;

    @Column(name = "public_key", nullable = false, length = 100)
    public String publicKey;

    @Column(name = "private_key", nullable = false, length = 64)
    public String privateKey;
}
