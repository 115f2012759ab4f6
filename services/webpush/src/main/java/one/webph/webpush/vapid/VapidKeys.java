package one.webph.webpush.vapid;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;

import org.jboss.logging.Logger;

import one.webph.webpush.config.WebPushConfig;
import one.webph.webpush.crypto.P256;

/**
 * The VAPID key pair: from {@code VAPID_PUBLIC_KEY}/{@code VAPID_PRIVATE_KEY} when configured,
 * otherwise generated once and stored in {@code vapid_key}, so every instance and every restart
 * signs with the same key (browsers subscribed with it; a new key would orphan every
 * subscription). The first instance to insert wins; the others read its row.
 *
 * <p>NOTE: created at startup (after the schema migration, which observes startup first), because
 * the first use may be on an event loop, where reading the database is not allowed.
 */
@Startup
@ApplicationScoped
public class VapidKeys {

    private static final Logger LOG = Logger.getLogger(VapidKeys.class);

    private final VapidSigner signer;

    VapidKeys(WebPushConfig config, EntityManager entityManager, AgroalDataSource dataSource) {
        String subject = config.vapid().subject();
        if (!subject.startsWith("mailto:") && !subject.startsWith("https:")) {
            throw new IllegalStateException("VAPID_SUBJECT must be a mailto: or https: URI, not " + subject);
        }
        if (subject.endsWith("@localhost")) {
            LOG.warn("VAPID_SUBJECT is " + subject + ": Apple's push service refuses such a contact; set a real one");
        }
        KeyPair keys;
        if (config.vapid().publicKey().isPresent() && config.vapid().privateKey().isPresent()) {
            keys = fromText(config.vapid().publicKey().get(), config.vapid().privateKey().get());
            LOG.info("VAPID key from the configuration");
        } else {
            keys = stored(entityManager, dataSource);
        }
        this.signer = new VapidSigner((ECPrivateKey) keys.getPrivate(), (ECPublicKey) keys.getPublic(), subject);
    }

    public VapidSigner signer() {
        return signer;
    }

    private static KeyPair stored(EntityManager entityManager, AgroalDataSource dataSource) {
        KeyPair generated = P256.generate();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT IGNORE INTO vapid_key (id, public_key, private_key) VALUES (1, ?, ?)")) {
            insert.setString(1, b64.encodeToString(P256.encode((ECPublicKey) generated.getPublic())));
            insert.setString(2, b64.encodeToString(P256.encode((ECPrivateKey) generated.getPrivate())));
            if (insert.executeUpdate() == 1) {
                LOG.info("Generated the VAPID key pair and stored it in the database");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the VAPID key in the database", e);
        }
        VapidKey row = QuarkusTransaction.requiringNew().call(() -> entityManager.find(VapidKey.class, 1));
        return fromText(row.publicKey, row.privateKey);
    }

    static KeyPair fromText(String publicKey, String privateKey) {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        ECPublicKey pub = P256.publicKey(b64.decode(publicKey.trim()));
        ECPrivateKey priv = P256.privateKey(b64.decode(privateKey.trim()));
        // The pair must match, or browsers would subscribe with a key we cannot sign for.
        try {
            byte[] probe = "webphone vapid key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signing = java.security.Signature.getInstance("SHA256withECDSA");
            signing.initSign(priv);
            signing.update(probe);
            byte[] signature = signing.sign();
            java.security.Signature verifying = java.security.Signature.getInstance("SHA256withECDSA");
            verifying.initVerify(pub);
            verifying.update(probe);
            if (!verifying.verify(signature)) {
                throw new IllegalStateException("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY");
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("The VAPID key pair is unusable", e);
        }
        return new KeyPair(pub, priv);
    }
}
