package one.webph.allocatenumber.token;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import one.webph.allocatenumber.config.AllocateConfig;

/**
 * The RSA key pair that signs device tokens. Read from {@code TOKEN_PRIVATE_KEY_FILE} when given;
 * otherwise generated once into the data folder and read from there on every later start, so
 * tokens stay valid across restarts. Several instances sharing the folder agree on one key: the
 * first to finish writing wins (an atomic move), the others read its file.
 */
@Startup
@ApplicationScoped
public class TokenKeys {

    private static final Logger LOG = Logger.getLogger(TokenKeys.class);
    static final String GENERATED_FILE = "token-signing-key.pem";

    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;

    TokenKeys(AllocateConfig config) {
        Path file = config.token().privateKeyFile().orElse(config.dataDir().resolve(GENERATED_FILE));
        if (config.token().privateKeyFile().isEmpty() && !Files.exists(file)) {
            generateInto(file);
        }
        this.privateKey = readPrivateKey(file);
        this.publicKey = publicKeyOf((RSAPrivateCrtKey) privateKey);
        this.keyId = thumbprint(publicKey);
        LOG.infof("Device tokens are signed with key %s from %s", keyId, file.toAbsolutePath());
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public key as a JSON Web Key Set (RFC 7517), for services that verify tokens. */
    public Map<String, Object> jwks() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", keyId);
        jwk.put("n", b64.encodeToString(unsigned(publicKey.getModulus())));
        jwk.put("e", b64.encodeToString(unsigned(publicKey.getPublicExponent())));
        return Map.of("keys", List.of(jwk));
    }

    /** The public key in PEM (SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    private static void generateInto(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "token-key", ".tmp");
            restrictToOwner(temporary);
            Files.writeString(temporary, pem("PRIVATE KEY", pkcs8), StandardCharsets.US_ASCII);
            try {
                // No REPLACE_EXISTING: when another instance got there first, its key is kept.
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                LOG.infof("Generated a new token signing key in %s", file.toAbsolutePath());
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the token signing key to " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("The file system has no POSIX permissions; key file permissions left as they are");
        }
    }

    private static PrivateKey readPrivateKey(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the token signing key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The token signing key " + file + " is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the public key", e);
        }
    }

    /** RFC 7638 JWK thumbprint, so the key id changes exactly when the key does. */
    private static String thumbprint(RSAPublicKey key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String canonical = "{\"e\":\"" + b64.encodeToString(unsigned(key.getPublicExponent()))
                + "\",\"kty\":\"RSA\",\"n\":\"" + b64.encodeToString(unsigned(key.getModulus())) + "\"}";
        try {
            return b64.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
